import "server-only";
// End-user organisations (tcc.orgId): the orgs table and a page per org (people.ts does the work).
import type { Queryable } from "@/lib/db/sql";
import type { PeopleFilters } from "@/lib/validations/analytics";
import type { TimeWindow } from "@/lib/validations/window";
import { getPerson, listPeople, type Dimension, type PersonDto, type PersonRowDto } from "./people";
import type { Page } from "./runs";
import type { Scope } from "./stats";

export type { PersonDto as OrgDetailDto, PersonRowDto as OrgRowDto };

export const ORGS: Dimension = { rollup: "rollup_orgs", idCol: "org_id", table: "orgs" };

/** orgId filters users by organisation; it has no meaning for the orgs table itself. */
export const listOrgs = (q: Queryable, scope: Scope, f: PeopleFilters): Promise<Page<PersonRowDto>> => listPeople(q, ORGS, scope, { ...f, orgId: null });

export const getOrg = (q: Queryable, scope: Scope, orgId: string, window: TimeWindow): Promise<PersonDto | null> => getPerson(q, ORGS, scope, orgId, window);
