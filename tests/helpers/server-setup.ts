// Vitest globalSetup for the contract tests: one running server for all of them.
import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "./server";

let server: RunningServer | undefined;

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    ingestKey: string;
    readKey: string;
    adminEmail: string;
    adminPassword: string;
  }
}

export async function setup(project: TestProject) {
  server = await startServer();
  project.provide("serverUrl", server.url);
  project.provide("ingestKey", server.ingestKey);
  project.provide("readKey", server.readKey);
  project.provide("adminEmail", server.adminEmail);
  project.provide("adminPassword", server.adminPassword);
}

export async function teardown() {
  await server?.stop();
}
