// Runs once when the server starts: open the database, apply migrations, ensure the configured
// project / keys / admin, and print where Sightline is and how to send to it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { sightline } = await import("@/lib/server/sightline");
  await sightline();
}
