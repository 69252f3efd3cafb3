package api

import (
	"net/http"
	"regexp"
	"strings"
)

// openAPI serves an OpenAPI 3.1 description generated from routes(), so the
// document cannot list a path the server does not have or miss one it has.
func (h *API) openAPI(w http.ResponseWriter, r *http.Request) {
	paths := map[string]map[string]any{}
	for _, rt := range h.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": operationID(method, path),
			"responses":   responsesFor(method, path),
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			typ := map[string]any{"type": "integer"}
			if m[1] == "code" {
				typ = map[string]any{"type": "string"}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": typ})
		}
		params = append(params, queryParams[rt.pattern]...)
		if len(params) > 0 {
			op["parameters"] = params
		}
		if body, ok := requestBodies[rt.pattern]; ok {
			op["requestBody"] = body
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Lumbung API",
			"version":     "1",
			"description": "Knowledge-management platform for Indonesian government: practices (aset pengetahuan), organisations, workflow. Authenticate with `Authorization: Bearer <token>` (create one with `lumbung token create`). Errors: `{\"error\":{\"code\",\"message\",\"fields\"}}`; messages follow Accept-Language (id, en).",
		},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
		},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{}},
	}
	h.writeJSON(w, http.StatusOK, doc)
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func operationID(method, path string) string {
	parts := []string{strings.ToLower(method)}
	for _, p := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		p = strings.Trim(p, "{}")
		p = strings.ReplaceAll(strings.ReplaceAll(p, ".", "_"), "-", "_")
		parts = append(parts, p)
	}
	return strings.Join(parts, "_")
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func jsonContent(schema any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

func responsesFor(method, path string) map[string]any {
	errResp := map[string]any{"description": "Error", "content": jsonContent(ref("Error"))}
	ok := map[string]any{"description": "OK", "content": jsonContent(map[string]any{"type": "object"})}
	if strings.HasPrefix(path, "/api/v1/practices") && !strings.Contains(path, "/attachments") && !strings.Contains(path, "/revisions") && !strings.Contains(path, "/diff") && !strings.Contains(path, "/adoptions") && !strings.Contains(path, "/questions") {
		if strings.HasSuffix(path, "/practices") && method == "GET" {
			ok["content"] = jsonContent(map[string]any{"type": "object", "properties": map[string]any{
				"practices": map[string]any{"type": "array", "items": ref("Practice")}, "total": map[string]any{"type": "integer"},
				"limit": map[string]any{"type": "integer"}, "offset": map[string]any{"type": "integer"}}})
		} else {
			ok["content"] = jsonContent(ref("Practice"))
		}
	}
	if strings.HasSuffix(path, "/adoptions") && method == "GET" {
		ok["content"] = jsonContent(map[string]any{"type": "object", "properties": map[string]any{
			"adoptions": map[string]any{"type": "array", "items": ref("Adoption")}}})
	} else if strings.Contains(path, "/adoptions") {
		ok["content"] = jsonContent(ref("Adoption"))
	}
	if path == "/api/v1/attachments/{id}" {
		ok = map[string]any{"description": "The file, as a download"}
	}
	if strings.HasSuffix(path, ".pdf") && strings.HasPrefix(path, "/api/v1/practices/") {
		ok = map[string]any{"description": "The PDF, as a download", "content": map[string]any{"application/pdf": map[string]any{}}}
	}
	out := map[string]any{"400": errResp, "401": errResp, "403": errResp, "404": errResp}
	code := "200"
	if method == "POST" && (strings.HasSuffix(path, "/practices") || strings.HasSuffix(path, "/organisations") || strings.HasSuffix(path, "/attachments") ||
		strings.HasSuffix(path, "/competitions") || strings.HasSuffix(path, "/measurements") || strings.HasSuffix(path, "/adoptions") ||
		strings.HasSuffix(path, "/questions") || strings.HasSuffix(path, "/answers")) {
		code = "201"
	}
	out[code] = ok
	if method != "GET" {
		out["409"], out["422"], out["429"] = errResp, errResp, errResp
	}
	if strings.HasSuffix(path, "/attachments") && method == "POST" {
		out["413"], out["415"] = errResp, errResp
		out[code] = map[string]any{"description": "Created", "content": jsonContent(ref("Attachment"))}
	}
	return out
}

func q(name, typ, desc string) map[string]any {
	return map[string]any{"name": name, "in": "query", "schema": map[string]any{"type": typ}, "description": desc}
}

var queryParams = map[string][]any{
	"GET /api/v1/practices": {
		q("kind", "string", "good, bad or ordinary"), q("affair", "string", "government affair code"),
		q("org", "string", "organisation code: this organisation and its units"), q("status", "string", "workflow status"),
		q("access", "string", "access level"), q("year", "integer", "year"), q("tag", "string", "tag"),
		q("q", "string", "substring of title or summary"), q("mine", "string", "1: only the caller's own"),
		q("sort", "string", "updated (default), title, id, review_by"),
		q("limit", "integer", "page size, 1 to 1000 (default 50)"), q("offset", "integer", "rows to skip"),
	},
	"GET /api/v1/practices/{id}/diff": {q("from", "integer", "older version"), q("to", "integer", "newer version")},
	"GET /api/v1/audit": {
		q("action", "string", "exact action, or a prefix ending in a dot (practice.)"), q("target_type", "string", ""),
		q("target_id", "string", ""), q("actor", "integer", "user id"), q("from", "string", "YYYY-MM-DD"),
		q("to", "string", "YYYY-MM-DD (exclusive)"), q("before", "integer", "event id, for paging"), q("limit", "integer", "1 to 1000"),
	},
}

var requestBodies = map[string]any{
	"POST /api/v1/organisations": map[string]any{"required": true, "content": jsonContent(map[string]any{"type": "object",
		"required": []any{"code", "name", "kind", "parent"}, "properties": map[string]any{"code": str("unique code"), "name": str(""),
			"short": str(""), "kind": enum("pemda", "opd", "unit"), "parent": str("parent code"), "headcount": map[string]any{"type": "integer"}}})},
	"POST /api/v1/practices":                  map[string]any{"required": true, "content": jsonContent(ref("PracticeInput"))},
	"PUT /api/v1/practices/{id}":              map[string]any{"required": true, "content": jsonContent(ref("PracticeInput"))},
	"POST /api/v1/practices/{id}/transitions": map[string]any{"required": true, "content": jsonContent(ref("Transition"))},
	"POST /api/v1/practices/{id}/questions":   postBody, "PATCH /api/v1/questions/{id}": postBody,
	"POST /api/v1/questions/{id}/answers": postBody, "PATCH /api/v1/answers/{id}": postBody,
	"POST /api/v1/questions/{id}/hide": hideBody, "POST /api/v1/answers/{id}/hide": hideBody,
	"POST /api/v1/practices/{id}/attachments": map[string]any{"required": true, "content": map[string]any{
		"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []any{"file"},
			"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}}}}},
}

// postBody and hideBody are the request bodies of questions and answers.
var (
	postBody = map[string]any{"required": true, "content": jsonContent(map[string]any{"type": "object", "required": []any{"body"},
		"properties": map[string]any{"body": map[string]any{"type": "string", "description": "markdown, 1 to 10,000 bytes", "maxLength": 10000}}})}
	hideBody = map[string]any{"required": true, "content": jsonContent(map[string]any{"type": "object", "required": []any{"reason"},
		"properties": map[string]any{"reason": str("why it is hidden (kept in the audit log)")}})}
)

func str(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }

func enum(vals ...string) map[string]any {
	e := make([]any, len(vals))
	for i, v := range vals {
		e[i] = v
	}
	return map[string]any{"type": "string", "enum": e}
}

var metricSchema = map[string]any{"type": "object", "required": []any{"indicator", "baseline", "value"}, "properties": map[string]any{
	"indicator": str("what was measured"), "unit": str("unit"), "baseline": map[string]any{"type": "number"},
	"baseline_date": str("YYYY-MM-DD"), "value": map[string]any{"type": "number", "description": "achieved value"},
	"value_date": str("YYYY-MM-DD"), "scope": str("e.g. 12 pasar"), "source": str("data source"), "verified": map[string]any{"type": "boolean"},
	"change":  map[string]any{"type": "number", "readOnly": true, "description": "value − baseline (computed)"},
	"percent": map[string]any{"type": []any{"number", "null"}, "readOnly": true, "description": "100·(value − baseline)/|baseline|; null when the baseline is 0"},
}}

var practiceProps = map[string]any{
	"kind": enum("good", "bad", "ordinary"), "title": str(""), "summary": str(""), "problem": str("problem and context"),
	"actions": str("actions taken"), "results": str(""), "lessons": str("lessons learned"), "replication": str("how to replicate"),
	"body": str("markdown"), "affair": str("government affair code"), "tags": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	"year": map[string]any{"type": "integer"}, "authors": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	"access": enum("public", "internal", "agency", "restricted"), "metrics": map[string]any{"type": "array", "items": metricSchema},
	"verifier": str(""), "review_by": str("YYYY-MM-DD"),
}

func merge(a map[string]any, extra map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

var schemas = map[string]any{
	"Error": map[string]any{"type": "object", "properties": map[string]any{"error": map[string]any{"type": "object",
		"required": []any{"code", "message"}, "properties": map[string]any{
			"code": str("machine-readable code"), "message": str("person-readable message"),
			"fields": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}}}}}},
	"PracticeInput": map[string]any{"type": "object", "required": []any{"org", "title"}, "properties": merge(practiceProps, map[string]any{
		"org": str("owning organisation code"), "status": enum("draft", "in_review", "published"),
		"version":     map[string]any{"type": "integer", "description": "update: the version being edited (or If-Match: \"vN\")"},
		"external_id": str("id in an external source")})},
	"Practice": map[string]any{"type": "object", "properties": merge(practiceProps, map[string]any{
		"id": map[string]any{"type": "integer"}, "external_id": str(""),
		"org":    map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "integer"}, "code": str(""), "name": str("")}},
		"status": enum("draft", "in_review", "returned", "published", "archived"), "status_note": str("why it was returned or archived"),
		"version": map[string]any{"type": "integer"}, "created_at": str("RFC 3339"), "updated_at": str("RFC 3339"),
		"published_at": map[string]any{"type": []any{"string", "null"}}, "demo": map[string]any{"type": "boolean"},
		"available_actions": map[string]any{"type": "array", "items": enum("submit", "return", "publish", "redraft", "archive")},
		"url":               str("page URL")})},
	"Transition": map[string]any{"type": "object", "required": []any{"action"}, "properties": map[string]any{
		"action": enum("submit", "return", "publish", "redraft", "archive"), "version": map[string]any{"type": "integer"},
		"reason": str("required to return or archive"), "verifier": str("publish: verifier name"), "review_by": str("publish: YYYY-MM-DD")}},
	"Attachment": map[string]any{"type": "object", "properties": map[string]any{
		"id": map[string]any{"type": "integer"}, "name": str(""), "mime": str(""), "size": map[string]any{"type": "integer"},
		"sha256": str(""), "created_at": str(""), "url": str("")}},
}
