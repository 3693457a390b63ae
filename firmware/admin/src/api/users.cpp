// /api/v1/users: the accounts, for administrators.
#include "resources.hpp"
#include "samtel/admin/json_body.hpp"
#include "samtel/json_check.hpp"
#include "samtel/text.hpp"
#include "store_support.hpp"

namespace samtel::fw::admin {
namespace {

nlohmann::json user_json(const store::User& u) {
  return {{"name", u.name},
          {"role", std::string(store::to_string(u.role))},
          {"active", u.active},
          {"locked_until",
           u.locked_until ? nlohmann::json(format_utc(*u.locked_until)) : nlohmann::json(nullptr)},
          {"failures", u.failures}};
}

// The store's `invalid` is about the password or the name; point at the one it names.
std::string pointer_for(const store::StoreError& e) {
  return e.message.find("password") != std::string::npos ? "/password" : "/name";
}

std::optional<Role> read_role(JsonChecker& check, const nlohmann::json& body, bool required) {
  const auto* value = check.member(body, "", "role", required);
  if (value == nullptr) return std::nullopt;
  const auto text = check.string_one_of(*value, "/role", {"viewer", "scheduler", "administrator"});
  if (!text) return std::nullopt;
  return store::role_from_string(*text);
}

ApiResponse user_answer(store::ScheduleStore& s, const std::string& name, int status) {
  auto u = s.user(name);
  if (!u) return store_failure(u.error());
  ApiResponse out;
  out.status = status;
  out.body = user_json(*u);
  return out;
}

}  // namespace

void add_users_resource(Router& router, const ScheduleResources& r) {
  router.add(Method::get, "/api/v1/users", {.role = Role::administrator}, [r](const Call&) {
    nlohmann::json users = nlohmann::json::array();
    for (const auto& u : r.store.with([](store::ScheduleStore& s) { return s.users(); })) {
      users.push_back(user_json(u));
    }
    ApiResponse out;
    out.body = {{"users", users}};
    return out;
  });

  router.add(Method::post, "/api/v1/users", {.role = Role::administrator, .json_body = true},
             [r](const Call& call) {
               JsonChecker check;
               const auto& body = call.body;
               if (!check.object(body, "", {"name", "role", "password"})) {
                 return body_problem(check);
               }
               const auto name = check.text(body, "", "name", true);
               const auto role = read_role(check, body, true);
               const auto password = check.string(body, "", "password", true);
               if (!check.ok()) return body_problem(check);
               return r.store.with([&](store::ScheduleStore& s) {
                 auto added = s.add_user(*name, *role, *password, actor_of(call));
                 if (!added) return store_failure(added.error(), pointer_for(added.error()));
                 return user_answer(s, *name, 201);
               });
             });

  router.add(Method::put, "/api/v1/users/{name}", {.role = Role::administrator, .json_body = true},
             [r](const Call& call) {
               JsonChecker check;
               const auto& body = call.body;
               if (!check.object(body, "", {"role", "password"})) return body_problem(check);
               const auto role = read_role(check, body, false);
               const auto password = check.string(body, "", "password", false);
               if (!check.ok()) return body_problem(check);
               if (!role && !password) {
                 return error_response(400, "give the role, the password or both");
               }
               const std::string& name = call.params.at("name");
               return r.store.with([&](store::ScheduleStore& s) {
                 auto exists = s.user(name);
                 if (!exists || !exists->active) {
                   return error_response(404, "no account named " + quote_value(name));
                 }
                 if (role) {
                   auto done = s.set_role(name, *role, actor_of(call));
                   if (!done) return store_failure(done.error(), "/role");
                 }
                 if (password) {
                   auto done = s.set_password(name, *password, actor_of(call));
                   if (!done) return store_failure(done.error(), "/password");
                 }
                 return user_answer(s, name, 200);
               });
             });

  router.add(Method::delete_, "/api/v1/users/{name}", {.role = Role::administrator},
             [r](const Call& call) {
               return r.store.with([&](store::ScheduleStore& s) {
                 auto done = s.remove_user(call.params.at("name"), actor_of(call));
                 if (!done) return store_failure(done.error());
                 ApiResponse out;
                 out.status = 204;
                 return out;
               });
             });
}

}  // namespace samtel::fw::admin
