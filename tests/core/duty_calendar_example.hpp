#pragma once
// The bundled St. Olavs example with two one-off shifts added across the nights the clocks change,
// for the duty calendar's tests and for the feeds the iCalendar parser check reads
// (duty_calendar_feed.cpp, check_ical.py).
//
// In the example every rota hands over on Mondays at 08:00, weekly from Monday 2026-01-05. The
// added shifts make Overlege Siri Lund ("lund", otherwise only in the gastroenterology rotation)
// the AMM backup from Saturday 08:00 to Sunday 08:00 on both weekends:
//   2026-03-28 08:00 +01:00 -> 2026-03-29 08:00 +02:00  (23 hours)
//   2026-10-24 08:00 +02:00 -> 2026-10-25 08:00 +01:00  (25 hours)
// Their notes hold commas, semicolons and Norwegian letters. While they last, the shift takes the
// backup role from the week's pattern (Overlege Lars Sand in both weeks).
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace samtel::test {

inline nlohmann::json st_olavs_with_night_shifts() {
  const std::string path = std::string(SAMTEL_SOURCE_DIR) + "/docs/examples/st-olavs.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str());
  nlohmann::json& amm = doc["rotas"][0];
  if (amm["id"] != "amm") throw std::runtime_error("the example's first rota is not amm");
  amm["shifts"].push_back({{"role", "backup"},
                           {"person", "lund"},
                           {"start", "2026-03-28T08:00"},
                           {"end", "2026-03-29T08:00"},
                           {"note", "Ekstra bakvakt, natt til sommertid; påskeuka"}});
  amm["shifts"].push_back({{"role", "backup"},
                           {"person", "lund"},
                           {"start", "2026-10-24T08:00"},
                           {"end", "2026-10-25T08:00"},
                           {"note", "Ekstra bakvakt, natt til vintertid; høstferie"}});
  return doc;
}

}  // namespace samtel::test
