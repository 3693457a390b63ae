#include "samtel/admin/router.hpp"

#include <stdexcept>

#include "samtel/text.hpp"

namespace samtel::fw::admin {
namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; nullopt unless it begins with '/'.
std::optional<std::vector<std::string_view>> split_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  for (;;) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const Router::Route& route, const std::vector<std::string_view>& parts,
             PathParams* params) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& s = route.segments[i];
    if (is_parameter(s)) {
      if (parts[i].empty()) return false;
      if (params != nullptr) (*params)[s.substr(1, s.size() - 2)] = std::string(parts[i]);
    } else if (s != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Method method, std::string_view pattern, RouteRules rules, Handler handler) {
  auto parts = split_path(pattern);
  if (!parts) throw std::logic_error("route pattern must begin with '/': " + std::string(pattern));
  Route route{method, {parts->begin(), parts->end()}, rules, std::move(handler)};
  for (const Route& r : routes_) {
    if (r.method == method && r.segments == route.segments)
      throw std::logic_error("route added twice: " + std::string(pattern));
  }
  routes_.push_back(std::move(route));
}

tl::expected<Router::Found, ApiResponse> Router::find(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  const Method wanted = method == Method::head ? Method::get : method;
  std::vector<bool> allowed(6, false);
  bool any = false;
  if (parts) {
    for (const Route& r : routes_) {
      if (!matches(r, *parts, nullptr)) continue;
      any = true;
      allowed[static_cast<std::size_t>(r.method)] = true;
      if (r.method == wanted) {
        Found found{&r, {}};
        matches(r, *parts, &found.params);
        return found;
      }
    }
  }
  if (!any) return tl::unexpected(error_response(404, "no resource at " + quote_value(path)));
  if (allowed[static_cast<std::size_t>(Method::get)])
    allowed[static_cast<std::size_t>(Method::head)] = true;
  std::string allow;
  for (Method m :
       {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::delete_}) {
    if (!allowed[static_cast<std::size_t>(m)]) continue;
    if (!allow.empty()) allow += ", ";
    allow += to_string(m);
  }
  ApiResponse r =
      error_response(405, "the method " + std::string(to_string(method)) + " is not allowed on " +
                              quote_value(path) + "; allowed: " + allow);
  r.headers.emplace_back("Allow", allow);
  return tl::unexpected(std::move(r));
}

}  // namespace samtel::fw::admin
