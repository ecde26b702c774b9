import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-2 text-center">
      <h1 className="text-base font-semibold">Not found</h1>
      <p className="text-xs text-zinc-500">There is nothing at this address.</p>
      <Link href="/runs" className="text-xs font-medium text-accent-700 hover:underline">
        Go to runs
      </Link>
    </div>
  );
}
