package io.shiplock.server.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.SourceFile;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Directory login against a real slapd: directory passwords, the groups that make a user a member
 * of a team of the same name, taken at each login, and a directory that is down.
 */
class LdapLoginTest {
  private static final String USERS =
      Slapd.ALICE
          + """
      dn: uid=carol,PEOPLE
      objectClass: inetOrgPerson
      uid: carol
      cn: Carol
      sn: Gone
      employeeType: disabled
      userPassword: carol-directory-pw

      dn: uid=dave,PEOPLE
      objectClass: inetOrgPerson
      uid: dave
      cn: Dave
      sn: Other
      userPassword: dave-directory-pw

      dn: cn=deployers,GROUPS
      objectClass: groupOfNames
      cn: deployers
      member: uid=alice,PEOPLE
      member: uid=dave,PEOPLE
      """
              .replace("PEOPLE", Slapd.PEOPLE)
              .replace("GROUPS", Slapd.GROUPS);

  private static final String CONFIG =
      Fixtures.shop("agent-a", "echo")
          + """
          ---
          kind: Role
          name: deployer
          permissions: [view, request]
          ---
          kind: Team
          name: deployers
          members: []
          roles: [{role: deployer, application: Shop}]
          """;

  private static final String REQUEST =
      "{\"application\": \"Shop\", \"environment\": \"DEV\", \"process\": \"deploy\",\n"
          + " \"versions\": {\"Svc\": \"1.0\"}}";

  private Slapd slapd;
  private TestServer server;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    slapd = Slapd.start(USERS);
    server =
        new TestServer(
            "sqlite",
            Map.of(
                "SHIPLOCK_LDAP_URL", slapd.url(),
                "SHIPLOCK_LDAP_BIND_DN", Slapd.ROOT_DN,
                "SHIPLOCK_LDAP_BIND_PASSWORD", Slapd.ROOT_PASSWORD,
                "SHIPLOCK_LDAP_USER_BASE", Slapd.PEOPLE,
                "SHIPLOCK_LDAP_USER_FILTER", "(&(uid={0})(!(employeeType=disabled)))",
                "SHIPLOCK_LDAP_GROUP_BASE", Slapd.GROUPS));
    admin = server.adminToken();
    TestServer.Response applied = server.apply(admin, List.of(new SourceFile("app.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    String version = "{\"name\": \"1.0\"}";
    assertThat(server.send("POST", "/api/v1/components/Svc/versions", admin, version).status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.close();
    if (slapd != null) slapd.close();
  }

  private TestServer.Response login(String user, String password) throws Exception {
    return server.send(
        "POST",
        "/api/v1/login",
        null,
        Json.MAPPER.writeValueAsString(Map.of("user", user, "password", password)));
  }

  @Test
  void aDirectoryPasswordLogsInAndItsGroupGrantsTheTeamsRoles() throws Exception {
    TestServer.Response ok = login("alice", "alice-directory-pw");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    String token = ok.json().get("token").asText();
    TestServer.Response made = server.send("POST", "/api/v1/requests", token, REQUEST);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(server.send("GET", "/api/v1/whoami", token, null).body()).contains("alice");
  }

  @Test
  void aWrongPasswordIsTheSame401AsForAnUnknownUser() throws Exception {
    TestServer.Response wrong = login("alice", "not-her-password");
    TestServer.Response unknown = login("nobody", "whatever");
    TestServer.Response empty = login("alice", "");
    TestServer.Response wildcard = login("*", "alice-directory-pw");
    assertThat(wrong.status()).isEqualTo(401);
    for (TestServer.Response r : List.of(unknown, empty, wildcard)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(wrong.body());
    }
  }

  @Test
  void aDisabledUserIsRefused() throws Exception {
    TestServer.Response r = login("carol", "carol-directory-pw");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(login("alice", "not-her-password").body());
  }

  @Test
  void leavingAGroupTakesItsPermissionsAwayAtTheNextLogin() throws Exception {
    String before = login("alice", "alice-directory-pw").json().get("token").asText();
    assertThat(server.send("POST", "/api/v1/requests", before, REQUEST).status()).isEqualTo(201);
    slapd.modify(
        """
        dn: cn=deployers,GROUPS
        changetype: modify
        delete: member
        member: uid=alice,PEOPLE
        """
            .replace("PEOPLE", Slapd.PEOPLE)
            .replace("GROUPS", Slapd.GROUPS));
    TestServer.Response again = login("alice", "alice-directory-pw");
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    String after = again.json().get("token").asText();
    assertThat(server.send("POST", "/api/v1/requests", after, REQUEST).status()).isEqualTo(403);
    // Permissions come from the membership stored at the last login, for every token of the user.
    assertThat(server.send("POST", "/api/v1/requests", before, REQUEST).status()).isEqualTo(403);
  }

  @Test
  void anAdministratorEndsADisabledUsersAccessByRevokingTheirTokens() throws Exception {
    String first = login("alice", "alice-directory-pw").json().get("token").asText();
    String second = login("alice", "alice-directory-pw").json().get("token").asText();
    // Disabled in the directory: no new login, but the tokens made before still work.
    slapd.modify(
        """
        dn: uid=alice,PEOPLE
        changetype: modify
        add: employeeType
        employeeType: disabled
        """
            .replace("PEOPLE", Slapd.PEOPLE));
    assertThat(login("alice", "alice-directory-pw").status()).isEqualTo(401);
    assertThat(server.send("GET", "/api/v1/whoami", first, null).status()).isEqualTo(200);
    // Only someone with the security permission may end another user's access.
    assertThat(server.send("DELETE", "/api/v1/users/dave/tokens", first, null).status())
        .isEqualTo(403);

    TestServer.Response revoked = server.send("DELETE", "/api/v1/users/alice/tokens", admin, null);
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.json().get("revoked").asInt()).isEqualTo(2);
    for (String token : List.of(first, second))
      assertThat(server.send("GET", "/api/v1/whoami", token, null).status()).isEqualTo(401);
    assertThat(server.send("DELETE", "/api/v1/users/nobody/tokens", admin, null).status())
        .isEqualTo(404);
    assertThat(
            server
                .send("GET", "/api/v1/audit?action=user.tokens.revoke", admin, null)
                .json()
                .get(0)
                .get("detail")
                .asText())
        .isEqualTo("2 token(s)");
  }

  @Test
  void aDirectoryThatIsDownSaysSoAndTheLocalAdminStillLogsIn() throws Exception {
    slapd.stop();
    TestServer.Response r = login("alice", "alice-directory-pw");
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.json().get("error").asText()).isEqualTo("directory_unreachable");
    assertThat(r.body()).contains("unreachable").doesNotContain(Slapd.ROOT_PASSWORD);
    assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void aLocalUserIsNeverCheckedAgainstTheDirectory() throws Exception {
    // 'dave' exists in the directory too; the local account keeps its own password.
    server.server().auth().createUser("dave", "local-dave-password", false);
    assertThat(login("dave", "local-dave-password").status()).isEqualTo(200);
    assertThat(login("dave", "dave-directory-pw").status()).isEqualTo(401);
  }

  @Test
  void theLoginFormAndHttpBasicTakeTheDirectoryPassword() throws Exception {
    HttpResponse<String> form = loginForm("alice", "alice-directory-pw");
    assertThat(form.statusCode()).as(form.body()).isEqualTo(302);
    assertThat(form.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("shiplock_session=slk_");
    assertThat(loginForm("alice", "wrong").statusCode()).isEqualTo(401);
    assertThat(basic("alice", "alice-directory-pw").statusCode()).isEqualTo(200);
    assertThat(basic("alice", "wrong").statusCode()).isEqualTo(401);
    slapd.stop();
    HttpResponse<String> down = loginForm("alice", "alice-directory-pw");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("unreachable");
    assertThat(basic("alice", "alice-directory-pw").statusCode()).isEqualTo(503);
    assertThat(loginForm("admin", TestServer.ADMIN_PASSWORD).statusCode()).isEqualTo(302);
  }

  private HttpResponse<String> loginForm(String user, String password) throws Exception {
    String body =
        "user="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&next=%2Fui";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> basic(String user, String password) throws Exception {
    String pair = user + ":" + password;
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/whoami"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();
}
