// The HTML report as a person sees it: rendered by headless Chromium into a PNG at a fixed window
// size, then the heatmap's cells are checked pixel by pixel. The screenshot stays in the build
// tree (tests/sim/render/report.png) for a look.
//
// St. Olavs, 2027-12-27 .. 2028-01-09, desk medisin: ordinary weekdays open 08-23; Nyttårsaften
// (a special day treated as a holiday), 1 January and the Sunday open 10-18; from Monday
// 2028-01-03 08:00 the bundled roster has run out, so the open hours are gaps (red).
#include <cstdlib>
#include <vector>

#include <png.h>
#include <sys/wait.h>
#include <unistd.h>

#include "samtel/sim/heatmap.hpp"
#include "test_support.hpp"

namespace samtel::sim {
namespace {

struct Rgb {
  int r = 0, g = 0, b = 0;
};

Rgb parse_colour(const char* hex) {
  const auto v = std::strtoul(hex + 1, nullptr, 16);
  return Rgb{static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
             static_cast<int>(v & 0xff)};
}

bool near(Rgb a, Rgb b, int tolerance = 3) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  Rgb at(int x, int y) const {
    const auto i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                    static_cast<std::size_t>(x)) *
                   3;
    return Rgb{rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

bool read_png(const std::string& path, Image& out) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, path.c_str()) == 0) return false;
  image.format = PNG_FORMAT_RGB;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr) == 0) {
    png_image_free(&image);
    return false;
  }
  return true;
}

int shell(const std::string& command) {
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

TEST(Render, ReportHeatmapInHeadlessChromium) {
  const std::string chromium = SAMTEL_CHROMIUM;
  if (chromium.empty() || chromium.find("NOTFOUND") != std::string::npos ||
      access(chromium.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "chromium is not installed (Debian package 'chromium')";
  }
  const std::string dir = test::work_dir();
  const std::string html = dir + "/report.html";
  const std::string png = dir + "/report.png";
  std::remove(png.c_str());
  ASSERT_EQ(shell("cd '" + std::string(SAMTEL_SOURCE_DIR) + "' && '" + SAMTEL_SIM_CLI +
                  "' report --config docs/examples/st-olavs.json --from 2027-12-27 --to 2028-01-09 "
                  "--desk medisin -o '" +
                  html + "'"),
            0);
  ASSERT_EQ(
      shell(
          "timeout 90 '" + chromium +
          "' --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 "
          "--window-size=1280,1000 --user-data-dir='" +
          dir + "/chromium-profile' --screenshot='" + png + "' 'file://" + html + "' >'" + dir +
          "/chromium.log' 2>&1"),
      0)
      << "see " << dir << "/chromium.log";
  Image img;
  ASSERT_TRUE(read_png(png, img)) << png;
  ASSERT_EQ(img.width, 1280);
  ASSERT_EQ(img.height, 1000);

  const Rgb open = parse_colour(kOpenColour);
  const Rgb closed = parse_colour(kClosedColour);
  const Rgb gap = parse_colour(kGapColour);

  // The grid's top-left corner: the first run of 20 closed-coloured pixels, scanning down.
  int gx = -1, gy = -1;
  for (int y = 0; y < img.height && gx < 0; ++y) {
    int run = 0;
    for (int x = 0; x < img.width; ++x) {
      run = near(img.at(x, y), closed, 0) ? run + 1 : 0;
      if (run == 20) {
        gx = x - 19;
        gy = y;
        break;
      }
    }
  }
  ASSERT_GE(gx, 0) << "no heatmap found in " << png;
  EXPECT_GT(gy, 100);  // below the title and the summary

  using L = HeatmapLayout;
  const auto cell = [&](int day, int hour) {
    return img.at(gx + hour * L::cell_width + L::cell_width / 2,
                  gy + day * L::row_height + L::bar_height / 2);
  };
  enum Kind { C, O, G };
  const auto expect_row = [&](int day, int open_from, int open_to, Kind open_kind) {
    for (int h = 0; h < 24; ++h) {
      const bool is_open = open_from <= h && h < open_to;
      const Rgb want = !is_open ? closed : open_kind == O ? open : gap;
      const Rgb got = cell(day, h);
      EXPECT_TRUE(near(got, want))
          << "day " << day << " hour " << h << ": got rgb(" << got.r << "," << got.g << "," << got.b
          << "), want rgb(" << want.r << "," << want.g << "," << want.b << ")";
    }
  };
  for (int d = 0; d < 4; ++d) expect_row(d, 8, 23, O);   // Mon 27 - Thu 30 December
  for (int d = 4; d < 7; ++d) expect_row(d, 10, 18, O);  // Nyttårsaften, 1 January, Sunday
  for (int d = 7; d < 12; ++d) expect_row(d, 8, 23, G);  // the roster has run out
  for (int d = 12; d < 14; ++d) expect_row(d, 10, 18, G);
  // Below the last row: white, then the legend.
  EXPECT_TRUE(near(img.at(gx + 5, gy + 14 * L::row_height + 4), Rgb{255, 255, 255}));
}

}  // namespace
}  // namespace samtel::sim
