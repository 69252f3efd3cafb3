// Package brief draws the one-page PDF brief of a practice: its title,
// kind and agency, summary, impact figures with their change, lessons,
// how to replicate it, how many agencies adopted it, and a QR code of its
// page. It knows nothing of HTTP or SQL: the app fills a Doc and the web
// and API edges serve the bytes.
//
// Text is set in DejaVu Sans read at run time from the system (Debian's
// fonts-dejavu-core), so that any Unicode in a practice prints; without
// those files the core Helvetica with the cp1252 translator is used, which
// still covers Indonesian, and a warning is logged once.
package brief
