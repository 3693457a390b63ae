// The TCP stream framer: messages cut by Content-Length however the stream is split, keep-alive
// pings, the spellings of Content-Length, and the errors that break a stream.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "samtel/sip/framer.hpp"

namespace samtel::fw {
namespace {

using Event = StreamFramer::Event;
using Error = StreamFramer::Error;

// An INVITE from the exchange with a 5-byte body.
const std::string kInviteHead =
    "INVITE sip:73553888@10.20.0.9 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 10.20.0.5:5060;branch=z9hG4bK-1\r\n"
    "From: <sip:4105@pbx.stolav.example>;tag=a1\r\n"
    "To: <sip:73553888@10.20.0.9>\r\n"
    "Call-ID: call-1@10.20.0.5\r\n"
    "CSeq: 1 INVITE\r\n"
    "Content-Length: 5\r\n"
    "\r\n";
const std::string kInvite = kInviteHead + "v=0\r\n";

const std::string kOptions =
    "OPTIONS sip:10.20.0.9 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 10.20.0.5:5060;branch=z9hG4bK-2\r\n"
    "Call-ID: call-2@10.20.0.5\r\n"
    "CSeq: 2 OPTIONS\r\n"
    "l: 0\r\n"
    "\r\n";

// The start of every header block below; the test adds its Content-Length lines.
const std::string kByeStart =
    "BYE sip:10.20.0.9 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 10.20.0.5:5060;branch=z9hG4bK-3\r\n"
    "Call-ID: call-3@10.20.0.5\r\n"
    "CSeq: 3 BYE\r\n";

// What next() returns until need_more, as readable strings: "message:<bytes>", "ping",
// "error:<reason>".
std::vector<std::string> drain(StreamFramer& framer) {
  std::vector<std::string> events;
  for (int i = 0; i < 100; ++i) {
    const auto e = framer.next();
    switch (e.event) {
      case Event::need_more: return events;
      case Event::message: events.push_back("message:" + std::string(e.bytes)); break;
      case Event::ping: events.push_back("ping"); break;
      case Event::error: events.push_back("error:" + std::string(e.reason)); return events;
    }
  }
  ADD_FAILURE() << "next() does not come to an end";
  return events;
}

TEST(StreamFramer, TwoMessagesInOneFeed) {
  StreamFramer framer;
  framer.feed(kInvite + kOptions);
  EXPECT_EQ(framer.buffered(), kInvite.size() + kOptions.size());

  const auto first = framer.next();
  ASSERT_EQ(first.event, Event::message);
  EXPECT_EQ(first.bytes, kInvite);
  EXPECT_EQ(first.head, kInviteHead);
  EXPECT_EQ(first.error, Error::none);
  EXPECT_EQ(framer.buffered(), kOptions.size());

  const auto second = framer.next();
  ASSERT_EQ(second.event, Event::message);
  EXPECT_EQ(second.bytes, kOptions);
  EXPECT_EQ(second.head, kOptions);
  EXPECT_EQ(first.bytes, kInvite);  // still valid: nothing was fed since

  EXPECT_EQ(framer.next().event, Event::need_more);
  EXPECT_EQ(framer.buffered(), 0u);
  EXPECT_FALSE(framer.partial());
}

TEST(StreamFramer, OneMessageSplitAtEveryBytePosition) {
  // Every cut: in the start line, in a header, inside the CRLFCRLF, in the body, at its end.
  const std::string stream = kInvite + kOptions;
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    StreamFramer framer;
    framer.feed(stream.substr(0, cut));
    std::vector<std::string> events = drain(framer);
    const std::vector<std::string> before =
        cut < kInvite.size() ? std::vector<std::string>{}
        : cut < stream.size()
            ? std::vector<std::string>{"message:" + kInvite}
            : std::vector<std::string>{"message:" + kInvite, "message:" + kOptions};
    EXPECT_EQ(events, before);
    EXPECT_EQ(framer.partial(), cut > 0 && cut != kInvite.size() && cut != stream.size());
    framer.feed(stream.substr(cut));
    for (auto& e : drain(framer)) events.push_back(std::move(e));
    EXPECT_EQ(events, (std::vector<std::string>{"message:" + kInvite, "message:" + kOptions}));
    EXPECT_FALSE(framer.partial());
    EXPECT_EQ(framer.buffered(), 0u);
  }
}

TEST(StreamFramer, OneByteAtATimeUpToTheLimit) {
  // A message of exactly 8192 bytes: the headers take 8000, the body the rest.
  std::string head = kByeStart + "Content-Length: 192\r\n";
  head += "Subject: " + std::string(8000 - head.size() - 2 - 11, 'x') + "\r\n\r\n";
  ASSERT_EQ(head.size(), 8000u);
  const std::string message = head + std::string(192, 'b');
  StreamFramer framer;
  for (std::size_t i = 0; i + 1 < message.size(); ++i) {
    framer.feed(message.substr(i, 1));
    ASSERT_EQ(framer.next().event, Event::need_more) << "after byte " << i;
    ASSERT_TRUE(framer.partial());
  }
  framer.feed(message.substr(message.size() - 1));
  const auto e = framer.next();
  ASSERT_EQ(e.event, Event::message);
  EXPECT_EQ(e.bytes.size(), 8192u);
  EXPECT_EQ(e.bytes, message);
  EXPECT_EQ(e.head, head);
  EXPECT_FALSE(framer.partial());
}

TEST(StreamFramer, ABodyMayContainCrlfCrlf) {
  const std::string body = "v=0\r\n\r\n\r\nINVITE x\r\n\r\n";
  const std::string message = kByeStart + "Content-Length: 21\r\n\r\n" + body;
  ASSERT_EQ(body.size(), 21u);
  StreamFramer framer;
  framer.feed(message + kOptions);
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"message:" + message, "message:" + kOptions}));
}

TEST(StreamFramer, AKeepAliveCrlfCrlfIsAPing) {
  StreamFramer framer;
  framer.feed("\r\n\r\n" + kInvite + "\r\n\r\n" + kOptions + "\r\n\r\n\r\n\r\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"ping", "message:" + kInvite, "ping",
                                                     "message:" + kOptions, "ping", "ping"}));
  EXPECT_EQ(framer.buffered(), 0u);
  EXPECT_FALSE(framer.partial());

  // A ping split over two reads, and one split inside its CRLFs.
  framer.feed("\r\n");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_FALSE(framer.partial());
  framer.feed("\r");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_FALSE(framer.partial());
  EXPECT_EQ(framer.buffered(), 1u);
  framer.feed("\n\r");
  EXPECT_EQ(drain(framer), std::vector<std::string>{"ping"});
  framer.feed("\n\r\n" + kOptions);
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"ping", "message:" + kOptions}));
}

TEST(StreamFramer, ASingleCrlfBetweenMessagesIsSkippedWithoutAPing) {
  StreamFramer framer;
  framer.feed("\r\n" + kInvite + "\r\n" + kOptions + "\r\n\r\n\r\n" + kInvite + "\r\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"message:" + kInvite, "message:" + kOptions,
                                                     "ping", "message:" + kInvite}));
  EXPECT_EQ(framer.buffered(), 0u);
  EXPECT_FALSE(framer.partial());
  // The lone CRLF and the next one do not make a ping across a message.
  framer.feed(kOptions + "\r\n");
  EXPECT_EQ(drain(framer), std::vector<std::string>{"message:" + kOptions});
}

TEST(StreamFramer, ContentLengthSpellings) {
  struct Case {
    const char* lines;
    std::size_t body;
  };
  const Case cases[] = {
      {"Content-Length: 3\r\n", 3},
      {"l: 3\r\n", 3},
      {"L:3\r\n", 3},
      {"content-length: 3\r\n", 3},
      {"CONTENT-LENGTH: 3\r\n", 3},
      {"Content-Length :  12\r\n", 12},
      {"Content-Length\t:\t12 \t\r\n", 12},
      {"Content-Length: 007\r\n", 7},
      {"Content-Length:\r\n 4\r\n", 4},      // the value on a continuation line
      {"Content-Length: 4\r\n\t \r\n", 4},   // a continuation of whitespace only
      {"Content-Length\r\n : 4\r\n", 4},     // folded before the colon
      {"Content-Length: 2\r\nl: 2\r\n", 2},  // repeated with the same value
      {"Content-Length: 0\r\n", 0},
      {"Content-Lengths: 9\r\nl: 1\r\n", 1},  // another header's name
      {"X-Content-Length: 9\r\nl: 1\r\n", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.lines);
    const std::string head = kByeStart + c.lines + "\r\n";
    const std::string message = head + std::string(c.body, 'b');
    StreamFramer framer;
    framer.feed(message + kOptions);
    const auto e = framer.next();
    ASSERT_EQ(e.event, Event::message) << e.reason;
    EXPECT_EQ(e.bytes, message);
    EXPECT_EQ(e.head, head);
    EXPECT_EQ(framer.next().bytes, kOptions);
  }
}

TEST(StreamFramer, AFoldedHeaderIsOneHeader) {
  // "Content-Length: 99" here is a continuation of Subject, not a header of its own.
  const std::string head = kByeStart +
                           "Subject: lunch\r\n Content-Length: 99\r\n"
                           "Content-Length: 2\r\n\r\n";
  StreamFramer framer;
  framer.feed(head + "ab");
  const auto e = framer.next();
  ASSERT_EQ(e.event, Event::message) << e.reason;
  EXPECT_EQ(e.bytes, head + "ab");

  // A value continued on the next line is one value: "1 2" is not a number.
  StreamFramer folded;
  folded.feed(kByeStart + "Content-Length: 1\r\n 2\r\n\r\n12");
  EXPECT_EQ(folded.next().reason, "bad Content-Length");
}

TEST(StreamFramer, ErrorsNameTheProblemAndKeepTheHeaderBlock) {
  struct Case {
    const char* lines;
    Error error;
    const char* reason;
  };
  const Case cases[] = {
      {"", Error::missing_content_length, "missing Content-Length"},
      {"Subject: Content-Length: 3\r\n", Error::missing_content_length, "missing Content-Length"},
      {"Content-Length: -1\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: +1\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: abc\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: 3abc\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: 0x10\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: 1 2\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: 3\r\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length:\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length:   \r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: 99999999999999999999\r\n", Error::bad_content_length, "bad Content-Length"},
      {"Content-Length: 18446744073709551616\r\n", Error::bad_content_length,
       "bad Content-Length"},  // 2^64
      {"Content-Length: 5\r\nl: 6\r\n", Error::conflicting_content_length,
       "conflicting Content-Length"},
      {"l: 0\r\nContent-Length: 1\r\n", Error::conflicting_content_length,
       "conflicting Content-Length"},
      {"Content-Length: 8192\r\n", Error::message_too_large, "message too large"},
      {"Content-Length: 18446744073709551615\r\n", Error::message_too_large,
       "message too large"},  // 2^64 - 1
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.lines);
    const std::string head = kByeStart + c.lines + "\r\n";
    StreamFramer framer;
    framer.feed(kInvite + head + "abc" + kOptions);
    EXPECT_EQ(framer.next().bytes, kInvite);  // what came before is unharmed
    const auto e = framer.next();
    ASSERT_EQ(e.event, Event::error);
    EXPECT_EQ(e.error, c.error);
    EXPECT_EQ(e.reason, c.reason);
    EXPECT_EQ(e.reason, StreamFramer::reason(c.error));
    EXPECT_EQ(e.head, head);
    EXPECT_TRUE(e.bytes.empty());
  }
}

TEST(StreamFramer, HeadersLargerThanTheLimit) {
  // 100 bytes without the end of the headers: an error at the 100th byte, not before.
  StreamFramer framer(100);
  const std::string head = kByeStart + "Subject: " + std::string(200, 'x');
  framer.feed(head.substr(0, 99));
  EXPECT_EQ(framer.next().event, Event::need_more);
  EXPECT_TRUE(framer.partial());
  framer.feed(head.substr(99, 1));
  const auto e = framer.next();
  ASSERT_EQ(e.event, Event::error);
  EXPECT_EQ(e.error, Error::headers_too_large);
  EXPECT_EQ(e.reason, "headers too large");
  EXPECT_TRUE(e.head.empty());
  EXPECT_FALSE(framer.partial());

  // The end of the headers just beyond the limit, all in one feed: the same error.
  std::string over = kByeStart + "Content-Length: 0\r\n\r\n";
  StreamFramer small(over.size() - 1);
  small.feed(over);
  EXPECT_EQ(small.next().reason, "headers too large");
}

TEST(StreamFramer, AMessageLargerThanTheLimit) {
  const std::string head = kByeStart + "Content-Length: 10\r\n\r\n";
  {
    StreamFramer framer(head.size() + 10);  // exactly the limit: accepted
    framer.feed(head + "0123456789");
    const auto e = framer.next();
    ASSERT_EQ(e.event, Event::message);
    EXPECT_EQ(e.bytes.size(), head.size() + 10);
  }
  {
    StreamFramer framer(head.size() + 9);  // one byte over: refused before its body arrives
    framer.feed(head);
    const auto e = framer.next();
    ASSERT_EQ(e.event, Event::error);
    EXPECT_EQ(e.error, Error::message_too_large);
    EXPECT_EQ(e.reason, "message too large");
    EXPECT_EQ(e.head, head);
  }
  {
    StreamFramer framer(head.size());  // headers exactly the limit, no room for the body
    framer.feed(head);
    EXPECT_EQ(framer.next().reason, "message too large");
  }
}

TEST(StreamFramer, AnErrorIsSticky) {
  const std::string head = kByeStart + "Content-Length: x\r\n\r\n";
  StreamFramer framer;
  framer.feed(head + kOptions);
  const auto first = framer.next();
  ASSERT_EQ(first.event, Event::error);
  const std::size_t held = framer.buffered();
  framer.feed(kInvite);  // not kept
  EXPECT_EQ(framer.buffered(), held);
  for (int i = 0; i < 3; ++i) {
    const auto again = framer.next();
    EXPECT_EQ(again.event, Event::error);
    EXPECT_EQ(again.error, Error::bad_content_length);
    EXPECT_EQ(again.reason, "bad Content-Length");
    EXPECT_EQ(again.head, head);
  }
  EXPECT_FALSE(framer.partial());
}

TEST(StreamFramer, PartialBeforeAndAfter) {
  StreamFramer framer;
  EXPECT_FALSE(framer.partial());
  EXPECT_EQ(framer.buffered(), 0u);
  framer.feed("\r\n\r\n\r");  // keep-alives are not the start of a message
  EXPECT_FALSE(framer.partial());
  EXPECT_EQ(framer.buffered(), 5u);
  EXPECT_EQ(drain(framer), std::vector<std::string>{"ping"});
  EXPECT_FALSE(framer.partial());
  EXPECT_EQ(framer.buffered(), 1u);
  framer.feed("\nI");  // the first byte of a message
  EXPECT_TRUE(framer.partial());
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_TRUE(framer.partial());
  EXPECT_EQ(framer.buffered(), 1u);
  framer.feed(kInvite.substr(1, kInviteHead.size() - 1));  // the headers, not the body
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_TRUE(framer.partial());
  framer.feed(kInvite.substr(kInviteHead.size()) + "\r\nO");
  EXPECT_TRUE(framer.partial());
  EXPECT_EQ(drain(framer), std::vector<std::string>{"message:" + kInvite});
  EXPECT_TRUE(framer.partial());  // "O" begins the next message
  EXPECT_EQ(framer.buffered(), 1u);
  framer.feed(kOptions.substr(1));
  EXPECT_EQ(drain(framer), std::vector<std::string>{"message:" + kOptions});
  EXPECT_FALSE(framer.partial());
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(StreamFramer, ACarriageReturnWithoutLineFeedBeginsAMessage) {
  StreamFramer framer;
  framer.feed("\r");
  EXPECT_FALSE(framer.partial());
  framer.feed("X");
  EXPECT_TRUE(framer.partial());
  framer.feed(" sip:a SIP/2.0\r\nl: 0\r\n\r\n");
  EXPECT_EQ(drain(framer), std::vector<std::string>{"message:\rX sip:a SIP/2.0\r\nl: 0\r\n\r\n"});
}

}  // namespace
}  // namespace samtel::fw
