/** The graph's own records about a person: the shared index layout in `@ucg/privacy-records`. */
export { eraseGraphRecords, exportGraphRecords, registerPersonalRecord } from '@ucg/privacy-records';
