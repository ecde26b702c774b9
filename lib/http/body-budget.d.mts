export declare const DEFAULT_BODY_BYTES_IN_FLIGHT: number;
export declare const DEFAULT_BODY_BYTES_IN_FLIGHT_EMBEDDED: number;
export declare const BUSY_RETRY_AFTER_S: number;
export interface BodyReservation {
  take(n: number): boolean;
  release(): void;
}
export declare function bodyBudget(): { used: number; limit: number; taken: number };
export declare function setBodyBudgetLimit(limit: number): void;
export declare function reserveBody(): BodyReservation;
export declare function busyMessage(): string;
declare global {
  var __sightlineBodyBudget: { limit: number; used: number; taken: number } | undefined;
}
