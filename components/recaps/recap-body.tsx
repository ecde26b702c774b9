// A recap's content: figures against the previous period, then each section's findings with
// links into the dashboard. Shared by the stored recap page and the "so far" view. Text from users
// and errors is rendered as text.
import Link from "next/link";
import type { RecapContent, RecapItem, RecapSection } from "@/lib/insights/recaps/model";
import { statLines } from "@/lib/insights/recaps/render";

const SECTIONS: [RecapSection, string][] = [
  ["failures", "Failures"],
  ["tools", "Tools"],
  ["patterns", "Patterns"],
  ["topics", "Topics"],
  ["feedback", "Feedback"],
];

function Item({ item }: { item: RecapItem }) {
  return (
    <li className="px-3 py-2 text-sm">
      <Link href={item.href} className="font-medium text-accent-700 hover:underline">
        {item.title}
      </Link>
      <span className="ml-2 text-xs text-zinc-500">{item.detail}</span>
      {item.examples.length ? (
        <span className="ml-2 text-2xs text-zinc-500">
          e.g.{" "}
          {item.examples.map((e, i) => (
            <span key={e.href}>
              {i ? ", " : ""}
              <Link href={e.href} className="font-mono hover:underline">
                {e.label}
              </Link>
            </span>
          ))}
        </span>
      ) : null}
    </li>
  );
}

export function RecapBody({ content }: { content: Pick<RecapContent, "stats" | "items" | "narrative" | "partial" | "period" | "agent" | "href"> }) {
  const lines = statLines(content as RecapContent);
  return (
    <div className="space-y-3">
      {content.narrative ? <p className="rounded-lg border border-zinc-200 bg-white p-3 text-sm text-zinc-800">{content.narrative}</p> : null}
      <div className="grid grid-cols-2 gap-2 md:grid-cols-5" data-testid="recap-stats">
        {lines.map((l) => (
          <div key={l.label} className="rounded-lg border border-zinc-200 bg-white p-2 shadow-sm">
            <div className="text-2xs font-medium uppercase tracking-wide text-zinc-500">{l.label}</div>
            <div className="font-mono text-sm tabular text-zinc-900">{l.value}</div>
            <div className="text-2xs text-zinc-500">{l.change}</div>
          </div>
        ))}
      </div>
      {SECTIONS.map(([section, title]) => {
        const items = content.items.filter((i) => i.section === section);
        if (!items.length) return null;
        return (
          <div key={section} className="rounded-lg border border-zinc-200 bg-white shadow-sm">
            <h2 className="border-b border-zinc-100 px-3 py-2 text-2xs font-medium uppercase tracking-wide text-zinc-500">{title}</h2>
            <ul className="divide-y divide-zinc-100">
              {items.map((item, i) => (
                <Item key={`${item.href}-${i}`} item={item} />
              ))}
            </ul>
          </div>
        );
      })}
      {content.items.length === 0 ? <p className="text-xs text-zinc-500">Nothing notable beyond the figures above.</p> : null}
      <Link href={content.href} className="inline-block text-xs text-accent-700 hover:underline">
        The period&apos;s runs →
      </Link>
    </div>
  );
}
