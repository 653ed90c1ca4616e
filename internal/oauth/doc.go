// Package oauth signs people in with Hugging Face (OpenID Connect) and
// GitHub (OAuth 2.0 plus its user API).
//
// The flow has three routes under /api/v1/oauth2: the list of providers,
// the authentication route that redirects the browser to the provider with
// a fresh state (and a PKCE challenge) bound to the browser by a short-lived
// cookie, and the access-token route that the web UI's callback page calls
// with the provider's code and state. That route checks the state against
// the cookie in constant time, exchanges the code, reads who the person is
// from the provider, creates the user on first sign-in (service
// SignInExternal) and answers with the same bearer token as a password
// sign-in.
//
// Providers come from an .oauth.yaml file and from the environment
// (config.OAuth); on a Hugging Face Space with hf_oauth: true the injected
// OAUTH_* variables are enough.
package oauth
