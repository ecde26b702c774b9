import "server-only";
// End users (tcc.userId): the users table and a page per user (people.ts does the work).
import type { Queryable } from "@/lib/db/sql";
import type { PeopleFilters } from "@/lib/validations/analytics";
import type { TimeWindow } from "@/lib/validations/window";
import { getPerson, listPeople, type Dimension, type PersonDto, type PersonRowDto } from "./people";
import type { Page } from "./runs";
import type { Scope } from "./stats";

export type { PersonDto as UserDetailDto, PersonRowDto as UserRowDto };

export const USERS: Dimension = { rollup: "rollup_users", idCol: "user_id", table: "end_users" };

export const listUsers = (q: Queryable, scope: Scope, f: PeopleFilters): Promise<Page<PersonRowDto>> => listPeople(q, USERS, scope, f);

export const getUser = (q: Queryable, scope: Scope, userId: string, window: TimeWindow): Promise<PersonDto | null> =>
  getPerson(q, USERS, scope, userId, window);
