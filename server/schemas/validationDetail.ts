/** One problem found in a document or request body: a JSON Pointer and a sentence a teacher understands. */
export interface ValidationDetail {
  /** JSON Pointer into the checked value, e.g. "/answer/tolerance/relative"; "" for the whole value. */
  path: string;
  message: string;
}
