package io.shiplock.core.steps;

import static io.shiplock.api.Param.optional;
import static io.shiplock.api.Param.required;
import static io.shiplock.api.ParamType.DURATION;
import static io.shiplock.api.ParamType.STRING;
import static io.shiplock.api.ParamType.STRING_LIST;

import io.shiplock.api.Param;
import io.shiplock.api.Placement;
import io.shiplock.api.SimpleStepType;
import io.shiplock.api.StepType;
import java.util.List;

/**
 * Declarations of the step types the server runs itself. Each server step names the constants it
 * implements, so a declaration and its behaviour are joined by a reference rather than a name.
 */
public final class ServerStepTypes {
  private ServerStepTypes() {}

  private static StepType server(String name, String description, Param... params) {
    return new SimpleStepType(name, Placement.SERVER, description, List.of(params));
  }

  public static final StepType PROPERTY_SET =
      server(
          "property.set",
          "Sets a property.",
          required("name", STRING, "property name"),
          required("value", STRING, "value"),
          optional("scope", STRING, "request (default), componentEnvironment or version"));
  public static final StepType FAIL =
      server("fail", "Fails the process with a message.", optional("message", STRING, ""));
  public static final StepType WAIT =
      server("wait", "Waits for a duration.", required("duration", DURATION, "how long"));
  public static final StepType JOIN =
      server("join", "Waits until every incoming branch has finished.");
  public static final StepType SWITCH =
      server(
          "switch",
          "Chooses the onValue edges to follow by a value (UCD's switch); outputs value.",
          required("value", STRING, "the value, usually a ${p:…} property"));
  public static final StepType VERSION_STATUS_ADD =
      server("version.status.add", "Adds a version status.", required("status", STRING, ""));
  public static final StepType VERSION_STATUS_REMOVE =
      server("version.status.remove", "Removes a version status.", required("status", STRING, ""));
  public static final StepType INVENTORY_STATUS_ADD =
      server("inventory.status.add", "Adds an inventory status.", required("status", STRING, ""));
  public static final StepType INVENTORY_STATUS_REMOVE =
      server(
          "inventory.status.remove",
          "Removes an inventory status.",
          required("status", STRING, ""));

  public static final StepType MANUAL =
      server(
          "manual",
          "Waits for a person of a team or role to confirm or refuse, with a comment; refused, it"
              + " fails. Outputs decidedBy and comment.",
          required("approvers", STRING_LIST, "teams or roles whose members decide"),
          optional("instructions", STRING, "what the person checks or does first"),
          optional("timeout", DURATION, "fails when nobody decided in this time (default: none)"));

  private static final Param LOCK_NAME =
      optional(
          "name",
          STRING,
          "the lock's name, shared by every application and environment (default: the agent the"
              + " component process runs on, agent:NAME)");

  public static final StepType LOCK_ACQUIRE =
      server(
          "lock.acquire",
          "Takes a named lock, or waits in line (oldest first) until its holder releases it; held"
              + " until lock.release or the request's end, whatever way it ends. Outputs lock.",
          LOCK_NAME,
          optional("timeout", DURATION, "fails when the lock was not had in this time"));
  public static final StepType LOCK_RELEASE =
      server(
          "lock.release",
          "Releases a lock this request holds; the next in line takes it.",
          LOCK_NAME);

  static final List<StepType> ALL =
      List.of(
          PROPERTY_SET,
          FAIL,
          WAIT,
          JOIN,
          SWITCH,
          VERSION_STATUS_ADD,
          VERSION_STATUS_REMOVE,
          INVENTORY_STATUS_ADD,
          INVENTORY_STATUS_REMOVE,
          MANUAL,
          LOCK_ACQUIRE,
          LOCK_RELEASE);
}
