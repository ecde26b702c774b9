"use client";
import { ChevronsUpDown, FolderKanban } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { MenuItem, Popover } from "@/components/ui/popover";
import { switchProject } from "@/lib/actions/project";

export interface ProjectOption {
  id: string;
  name: string;
}

export function ProjectSwitcher({ current, projects }: { current: ProjectOption; projects: ProjectOption[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const body = (
    <>
      <FolderKanban className="size-3.5 shrink-0 text-zinc-500" aria-hidden />
      <span className="truncate font-medium text-zinc-800">{current.name}</span>
    </>
  );
  if (projects.length < 2) {
    return (
      <div className="flex h-7 items-center gap-1.5 px-2 text-sm" title="Project">
        {body}
      </div>
    );
  }
  return (
    <Popover
      label={`Project: ${current.name}`}
      className="w-56"
      triggerClassName="focus-ring flex h-7 w-full items-center gap-1.5 rounded-md px-2 text-sm hover:bg-zinc-100"
      trigger={
        <>
          {body}
          <ChevronsUpDown className="ml-auto size-3 text-zinc-500" aria-hidden />
        </>
      }
    >
      {(close) => (
        <div role="menu" aria-label="Projects" aria-busy={pending}>
          {projects.map((p) => (
            <MenuItem
              key={p.id}
              active={p.id === current.id}
              onSelect={() =>
                start(async () => {
                  close();
                  const r = await switchProject(p.id);
                  if (r.ok) {
                    router.push("/runs");
                    router.refresh();
                  }
                })
              }
            >
              {p.name}
            </MenuItem>
          ))}
        </div>
      )}
    </Popover>
  );
}
