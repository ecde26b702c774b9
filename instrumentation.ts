// Runs once when the server starts: open the database, apply migrations, ensure the configured
// project / keys / admin. Under `npm start` scripts/serve.mjs has done that before Next.js
// prepares and prints the banner once it listens; under `next dev` it is printed here.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { printBanner, sightline } = await import("@/lib/server/sightline");
  const started = await sightline();
  if (process.env.NODE_ENV === "development") printBanner(started);
}
