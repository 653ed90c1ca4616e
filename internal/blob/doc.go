// Package blob defines how Extralit stores files (PDFs, extracted Markdown,
// exports): the Store interface, the Info describing a stored object, the
// errors every backend returns, and the key rules every backend enforces.
//
// Two backends implement Store: fileblob keeps objects in a folder under the
// home path (the default), and s3blob keeps them in one bucket of any
// S3-compatible server. The blobtest package holds the conformance suite both
// run, so they behave the same way for the callers above them.
//
// # Keys
//
// A key names one object. It is a relative, slash-separated path such as
// "my-workspace/pdf/0b5e…" and must follow these rules, checked by ValidateKey
// before any backend touches storage:
//
//   - it is valid UTF-8, between 1 and MaxKeyLength (1024) bytes long;
//   - it does not start or end with "/" (no absolute paths, no directory
//     names) and has no empty segment ("a//b");
//   - no segment is "." or "..", and no segment is longer than
//     MaxSegmentLength (255) bytes, the file-name limit of common file systems;
//   - it contains no backslash, no NUL and no other control character
//     (U+0000–U+001F, U+007F).
//
// So no key that came from user input can name a path outside the store.
// A prefix (for List and DeletePrefix) follows the same rules, except that it
// may be empty and may end with "/". The backend decides the physical layout;
// a caller never sees it.
//
// # Workspaces
//
// Extralit stores each workspace's files under a prefix named like the
// workspace ("{workspace}/pdf/{document_id}", "{workspace}/thumbnails/{id}"),
// so removing a workspace is DeletePrefix(ctx, "{workspace}/").
package blob
