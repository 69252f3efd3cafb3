// Package web serves Lumbung's HTML pages: server-rendered with
// html/template, Bahasa Indonesia first with an English switch, working
// without JavaScript and on a phone. It owns the page routes (routes.go),
// the templates and the stylesheet (embedded, served with content-hashed
// names), and the interface strings (messages.go). Every handler parses the
// request, calls a use case in package app and renders the result; errors
// become a page in the reader's language through package httperr.
package web
