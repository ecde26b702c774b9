// What ends an account's sessions: every change below moves its session version on (sessions
// carry the version they signed in at; lib/server/session.ts refuses any other), and a
// deactivated account cannot sign in.
import { describe, expect, it } from "vitest";
import { testDbKind, withInstalledProject } from "../helpers/db";

const s = withInstalledProject();

describe(`session revocation (${testDbKind()})`, () => {
  it("sign-out, a new password, removal and deactivation each move the session version on", async () => {
    const users = await import("@/lib/auth/users");
    const data = await import("@/lib/server/data/users");
    const projects = await import("@/lib/server/data/projects");
    const admin = await users.createFirstAdmin(s.db, s.project.projectId, { email: "a@example.com", password: "first-password", name: "A" });
    const version = async () => (await users.findUserById(s.db, admin.id))!.sessionVersion;
    const v0 = await version();
    expect(await users.sessionVersionOf(s.db, admin.id)).toBe(v0);

    await data.endSessions(s.db.sql, admin.id); // sign-out
    expect(await version()).toBe(v0 + 1);
    await data.makeAdmin(s.db.sql, admin.id, "$2a$10$anotherhashanotherhashanotherhashanotherhashanoth"); // new password
    expect(await version()).toBe(v0 + 2);
    await data.makeAdmin(s.db.sql, admin.id, null); // role only: sessions stay
    expect(await version()).toBe(v0 + 2);

    const member = await data.insertAccount(s.db.sql, { id: "usr_m", email: "m@example.com", name: null, passwordHash: null, role: "member" });
    await projects.setMember(s.db.sql, s.project.projectId, member.id, "member");
    const mv = (await users.findUserById(s.db, member.id))!.sessionVersion;
    expect(await projects.removeMember(s.db.sql, s.project.projectId, member.id)).toBe(true);
    expect((await users.findUserById(s.db, member.id))!.sessionVersion).toBe(mv + 1);
    expect(await projects.removeMember(s.db.sql, s.project.projectId, member.id)).toBe(false);
    expect((await projects.listMembers(s.db.sql, s.project.projectId)).map((m) => m.userId)).not.toContain(member.id);
  });

  it("a deactivated account cannot sign in, and the last admin is counted", async () => {
    const users = await import("@/lib/auth/users");
    const data = await import("@/lib/server/data/users");
    const bcrypt = (await import("bcryptjs")).default;
    await data.insertAccount(s.db.sql, { id: "usr_d", email: "d@example.com", name: null, passwordHash: await bcrypt.hash("d-password", 4), role: "admin" });
    expect(await users.verifyPassword(s.db, "d@example.com", "d-password")).not.toBeNull();
    const admins = await data.countActiveAdmins(s.db.sql);
    const before = (await users.findUserById(s.db, "usr_d"))!.sessionVersion;
    expect(await data.deactivateAccount(s.db.sql, "usr_d")).toBe(true);
    expect(await data.deactivateAccount(s.db.sql, "usr_d")).toBe(false);
    const after = (await users.findUserById(s.db, "usr_d"))!;
    expect(after.deactivated).toBe(true);
    expect(after.sessionVersion).toBe(before + 1);
    expect(await users.sessionVersionOf(s.db, "usr_d")).toBeNull();
    expect(await users.verifyPassword(s.db, "d@example.com", "d-password")).toBeNull();
    expect(await data.countActiveAdmins(s.db.sql)).toBe(admins - 1);
  });
});
