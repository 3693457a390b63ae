// The TCP transport's decisions without sockets: which connections are admitted (trust, caps in
// all and per source) and when a silent or incomplete connection is closed.
#include "samtel/sip/transport.hpp"

#include <gtest/gtest.h>

namespace samtel::fw {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

UnitConfig unit_with_caps(std::size_t total, std::size_t per_source) {
  UnitConfig u = default_unit_config();
  u.trusted = {*Cidr::parse("10.20.0.0/24"), *Cidr::parse("127.0.0.1")};
  u.limits.tcp_connections = total;
  u.limits.tcp_connections_per_source = per_source;
  return u;
}

TEST(TcpAdmission, RefusesUntrustedSourcesAndKeepsBothCaps) {
  const UnitConfig u = unit_with_caps(5, 2);
  TcpAdmission a;
  const auto pbx = asio::ip::make_address("10.20.0.5");
  const auto pbx2 = asio::ip::make_address("10.20.0.6");
  const auto pbx3 = asio::ip::make_address("10.20.0.7");
  const auto stranger = asio::ip::make_address("192.0.2.1");
  EXPECT_EQ(a.admit(stranger, u), TcpAdmission::Verdict::untrusted);
  EXPECT_EQ(a.admit(pbx, u), TcpAdmission::Verdict::admit);
  EXPECT_EQ(a.admit(pbx, u), TcpAdmission::Verdict::admit);
  EXPECT_EQ(a.admit(pbx, u), TcpAdmission::Verdict::over_source);
  EXPECT_EQ(a.admit(pbx2, u), TcpAdmission::Verdict::admit);
  EXPECT_EQ(a.admit(pbx2, u), TcpAdmission::Verdict::admit);
  EXPECT_EQ(a.admit(pbx3, u), TcpAdmission::Verdict::admit);
  EXPECT_EQ(a.open(), 5u);
  EXPECT_EQ(a.admit(pbx3, u), TcpAdmission::Verdict::over_total);
  // Refusals take nothing; a release frees a place for that source and in all.
  EXPECT_EQ(a.open_from(pbx), 2u);
  a.release(pbx);
  EXPECT_EQ(a.open(), 4u);
  EXPECT_EQ(a.open_from(pbx), 1u);
  EXPECT_EQ(a.admit(pbx3, u), TcpAdmission::Verdict::admit);
  EXPECT_EQ(a.open_from(pbx3), 2u);
  // A release of a source with nothing open changes nothing.
  a.release(stranger);
  EXPECT_EQ(a.open(), 5u);
}

TEST(TcpDeadline, AnIncompleteMessageHasSecondsAnIdleConnectionMinutes) {
  Limits l;
  l.tcp_message = seconds(5);
  l.tcp_idle = seconds(300);
  const steady_clock::time_point t0{seconds(1000)};
  // Idle: counted from the last traffic (a keep-alive included).
  EXPECT_EQ(tcp_deadline(false, t0, t0 + seconds(20), l), t0 + seconds(320));
  // A message begun at t0 must be complete by t0 + 5 s, whatever trickles in after.
  EXPECT_EQ(tcp_deadline(true, t0, t0 + seconds(4), l), t0 + seconds(5));
}

}  // namespace
}  // namespace samtel::fw
