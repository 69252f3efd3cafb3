// Package upload reads the file a page's form or an API client sends: the
// multipart field "file", streamed to the caller and never buffered whole,
// with the body's size bounded while it is read. Both edges (web and api)
// use it; what the file becomes is the app's business.
package upload
