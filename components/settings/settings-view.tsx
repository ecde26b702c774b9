import { KeyValues } from "@/components/ui/key-values";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { getInsightStatus } from "@/lib/server/insights/status";
import { listApiKeys } from "@/lib/server/data/api-keys";
import { canManageProject, listMembers } from "@/lib/server/data/projects";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl } from "@/lib/server/shell-data";
import { ApiKeysCard } from "./api-keys-card";
import { InsightEngineCard } from "./insight-engine-card";
import { MembersCard } from "./members-card";

export async function SettingsView() {
  const viewer = await requireViewer();
  const projectId = viewer.project.id;
  const [keys, members, canManage, baseUrl, insightStatus] = await Promise.all([
    listApiKeys(viewer.sql, projectId),
    listMembers(viewer.sql, projectId),
    canManageProject(viewer.sql, projectId, viewer.user),
    publicBaseUrl(),
    getInsightStatus(viewer.sql, projectId),
  ]);
  return (
    <div className="space-y-3 p-4">
      <PageHeader title="Settings" description={`Project ${viewer.project.name}`} />
      <Card>
        <CardHeader title="Project" />
        <CardBody>
          <KeyValues
            items={[
              ["Name", viewer.project.name],
              [
                "Id",
                <span key="id" className="font-mono">
                  {projectId}
                </span>,
              ],
              [
                "Ingestion URL",
                <span key="url" className="font-mono">
                  {baseUrl}
                </span>,
              ],
              ["Your role", canManage ? "admin" : "member"],
            ]}
          />
        </CardBody>
      </Card>
      <ApiKeysCard keys={keys} canManage={canManage} baseUrl={baseUrl} />
      <MembersCard members={members} canManage={canManage} instanceAdmin={viewer.user.role === "admin"} viewerId={viewer.user.id} />
      <InsightEngineCard status={insightStatus} enabled={env().SIGHTLINE_INSIGHTS_ENGINE === "on"} />
    </div>
  );
}
