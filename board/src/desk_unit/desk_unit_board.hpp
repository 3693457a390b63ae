#pragma once
// The desk unit: RGB LED and buttons on GPIO, the character LCD and the hardware watchdog.
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "samtel/board/board.hpp"

namespace samtel::board {

// Opens GPIO first and the watchdog last, so a failure never leaves an armed watchdog behind.
tl::expected<std::unique_ptr<Board>, std::string> open_desk_unit(const BoardConfig& config);

}  // namespace samtel::board
