"use client";
// People who can sign in to this project, and adding one (admins only).
import { useActionState, useState, useTransition } from "react";
import { addMemberAction, deactivateUserAction, removeMemberAction, type ActionState } from "@/lib/actions/settings";
import type { MemberDto } from "@/lib/server/data/projects";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";

export function MembersCard({
  members,
  canManage,
  instanceAdmin,
  viewerId,
}: {
  members: MemberDto[];
  canManage: boolean;
  /** The viewer is an instance admin: may deactivate accounts. */
  instanceAdmin: boolean;
  viewerId: string;
}) {
  const [added, add, adding] = useActionState<ActionState, FormData>(addMemberAction, null);
  const [changed, setChanged] = useState<ActionState>(null);
  const [changing, startChange] = useTransition();
  const state = changed ?? added;
  const act = (question: string, run: () => Promise<ActionState>) => {
    if (!window.confirm(question)) return;
    startChange(async () => setChanged(await run()));
  };
  return (
    <Card>
      <CardHeader title="Members" />
      <CardBody className="space-y-3">
        <ul className="divide-y divide-zinc-100 text-xs">
          {members.map((m) => (
            <li key={m.userId} className="flex items-center justify-between py-1.5">
              <span>
                <span className="font-medium text-zinc-900">{m.name ?? m.email}</span>
                {m.name ? <span className="ml-2 text-zinc-500">{m.email}</span> : null}
              </span>
              <span className="flex items-center gap-1">
                {m.deactivated ? <Badge tone="neutral">deactivated</Badge> : null}
                {m.instanceAdmin ? <Badge tone="accent">instance admin</Badge> : null}
                <Badge tone={m.role === "admin" ? "blue" : "neutral"}>{m.role}</Badge>
                {canManage ? (
                  <Button
                    variant="danger"
                    size="xs"
                    aria-label={`Remove ${m.email}`}
                    disabled={changing}
                    onClick={() => act(`Remove ${m.email} from this project? Their sessions end at once.`, () => removeMemberAction(m.userId))}
                  >
                    Remove
                  </Button>
                ) : null}
                {instanceAdmin && !m.deactivated && m.userId !== viewerId ? (
                  <Button
                    variant="danger"
                    size="xs"
                    aria-label={`Deactivate ${m.email}`}
                    disabled={changing}
                    onClick={() =>
                      act(`Deactivate ${m.email}? They can no longer sign in, and their sessions end at once.`, () => deactivateUserAction(m.userId))
                    }
                  >
                    Deactivate
                  </Button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {canManage ? (
          <form action={add} className="flex flex-wrap items-end gap-2 border-t border-zinc-100 pt-3">
            <div className="min-w-48 flex-1">
              <Label htmlFor="member-email">Email</Label>
              <Input id="member-email" name="email" type="email" required />
            </div>
            <div className="min-w-40">
              <Label htmlFor="member-password">Initial password</Label>
              <Input id="member-password" name="password" type="password" minLength={8} required autoComplete="new-password" />
            </div>
            <div>
              <Label htmlFor="member-role">Role</Label>
              <Select id="member-role" name="role" defaultValue="member" className="w-28">
                <option value="member">member</option>
                <option value="admin">admin</option>
              </Select>
            </div>
            <Button type="submit" size="md" disabled={adding} onClick={() => setChanged(null)}>
              {adding ? "Adding…" : "Add member"}
            </Button>
          </form>
        ) : null}
        <FieldError>{state && !state.ok ? state.error : null}</FieldError>
        {state?.ok ? (
          <p role="status" className="text-xs text-green-700">
            {state.message}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
