package s3blob

// ParseEndpoint exposes parseEndpoint to the external tests.
var ParseEndpoint = parseEndpoint
