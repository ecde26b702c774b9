#!/usr/bin/env -S npx tsx
// `npm run keys -- <command>`: manage API keys from the command line (an admin's way to get a
// working ingestion key again: keys are stored hashed, so a lost key is replaced, not recovered).
//   list                               keys of every project (prefix, kind, last use)
//   create <ingest|read> [--project N] a new key, printed once
//   revoke <key id>
// With the embedded database the server must be stopped (one process per data directory); with
// DATABASE_URL it can run alongside. The dashboard's Settings page does the same while running.
import { openDb } from "../lib/db/open";
import { dataDir, env } from "../lib/env";
import { bootstrap } from "../lib/server/bootstrap";
import { createApiKey, listInstanceKeys, revokeApiKey } from "../lib/server/data/api-keys";
import { findProject } from "../lib/server/data/projects";

const [cmd, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};

function usage(): never {
  console.error("usage: npm run keys -- list | create <ingest|read> [--project <name>] | revoke <key id>");
  process.exit(2);
}

if (!cmd || !["list", "create", "revoke"].includes(cmd)) usage();

const e = env();
const db = await openDb({ databaseUrl: e.DATABASE_URL, dataDir: dataDir(), poolSize: 2 }).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
try {
  const boot = await bootstrap(db, { initProject: e.SIGHTLINE_INIT_PROJECT });
  if (boot.createdIngestKey) console.log(`Created ${boot.projectName} with ingestion key (shown once): ${boot.createdIngestKey}`);
  if (cmd === "list") {
    for (const k of await listInstanceKeys(db.sql)) {
      const state = k.revokedAt ? "revoked" : k.lastUsedAt ? `last used ${k.lastUsedAt}` : "never used";
      console.log(`${k.id}  ${k.kind.padEnd(6)}  ${k.prefix.padEnd(18)}  ${k.projectName}  (${state})`);
    }
  } else if (cmd === "create") {
    const kind = rest[0];
    if (kind !== "ingest" && kind !== "read") usage();
    const projectName = flag("project");
    const project = projectName ? await findProject(db.sql, projectName) : { id: boot.projectId, name: boot.projectName };
    if (!project) {
      console.error(`No project named "${projectName}".`);
      process.exit(1);
    }
    const { key } = await createApiKey(db.sql, project.id, kind, `${kind === "ingest" ? "Ingestion" : "Read"} key (CLI)`);
    console.log(`New ${kind} key for ${project.name} (shown once):\n${key}`);
  } else {
    const id = rest[0] ?? usage();
    console.log((await revokeApiKey(db.sql, id, null)) ? `Revoked ${id}.` : `No active key with id ${id}.`);
  }
} finally {
  await db.close();
}
