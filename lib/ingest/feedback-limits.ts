// The feedback limits the dashboard's form shows. Its own module so that a client component can
// import it without lib/ingest/feedback.ts, whose node:crypto import pulled a 500 kB crypto
// polyfill (with code that calls Function(), which the pages' CSP refuses) into the browser.
export const FEEDBACK_TEXT_MAX = 2000;
