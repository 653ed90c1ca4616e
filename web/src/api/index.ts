// Typed calls of every endpoint the UI uses, grouped by resource.
import { ApiError, request } from './http'
import type {
  BulkResponseItem, Dataset, DatasetProgress, DocumentItem, Field, MetadataMetrics, MetadataProperty,
  MyMetrics, Question, RecordResponse, ResponseStatus, ResponseValues, SearchQuery, SearchResult,
  ServerSettings, Token, User, UserProgress, VectorSettings, WorkflowStatus, Workspace,
} from './types'

export * from './types'
export { ApiError, tokens, setUnauthorizedHandler } from './http'

type Items<T> = { items: T[] }

export const auth = {
  signIn: (username: string, password: string) =>
    request<Token>('POST', '/api/v1/token', { form: { username, password } }),
  settings: () => request<ServerSettings>('GET', '/api/v1/settings'),
  oauthAccessToken: (provider: string, query: Record<string, string>) =>
    request<Token>('GET', `/api/v1/oauth2/providers/${encodeURIComponent(provider)}/access-token`, { query }),
}

export const me = {
  get: () => request<User>('GET', '/api/v1/me'),
  regenerateApiKey: () => request<User>('POST', '/api/v1/me/api-key'),
  workspaces: () => request<Items<Workspace>>('GET', '/api/v1/me/workspaces').then((r) => r.items),
  datasets: () => request<Items<Dataset>>('GET', '/api/v1/me/datasets').then((r) => r.items),
}

export const datasets = {
  get: (id: string) => request<Dataset>('GET', `/api/v1/datasets/${id}`),
  update: (id: string, patch: Partial<Pick<Dataset, 'guidelines' | 'distribution' | 'allow_extra_metadata'>>) =>
    request<Dataset>('PATCH', `/api/v1/datasets/${id}`, { body: patch }),
  remove: (id: string) => request<Dataset>('DELETE', `/api/v1/datasets/${id}`),
  progress: (id: string) => request<DatasetProgress>('GET', `/api/v1/datasets/${id}/progress`),
  usersProgress: (id: string) =>
    request<{ users: UserProgress[] }>('GET', `/api/v1/datasets/${id}/users/progress`).then((r) => r.users ?? []),
  myMetrics: (id: string) => request<MyMetrics>('GET', `/api/v1/me/datasets/${id}/metrics`),
  fields: (id: string) => request<Items<Field>>('GET', `/api/v1/datasets/${id}/fields`).then((r) => r.items),
  questions: (id: string) => request<Items<Question>>('GET', `/api/v1/datasets/${id}/questions`).then((r) => r.items),
  metadataProperties: (id: string) =>
    request<Items<MetadataProperty>>('GET', `/api/v1/me/datasets/${id}/metadata-properties`).then((r) => r.items),
  vectorsSettings: (id: string) =>
    request<Items<VectorSettings>>('GET', `/api/v1/datasets/${id}/vectors-settings`).then((r) => r.items),
  search: (id: string, q: SearchQuery, offset: number, limit: number, signal?: AbortSignal) =>
    request<SearchResult>('POST', `/api/v1/me/datasets/${id}/records/search`, {
      query: { offset, limit, include: ['responses', 'suggestions'] },
      body: q,
      signal,
    }),
}

export const settingsApi = {
  updateField: (id: string, patch: { title?: string; settings?: unknown }) =>
    request<Field>('PATCH', `/api/v1/fields/${id}`, { body: patch }),
  updateQuestion: (id: string, patch: { title?: string; description?: string | null; settings?: unknown }) =>
    request<Question>('PATCH', `/api/v1/questions/${id}`, { body: patch }),
  updateMetadataProperty: (id: string, patch: { title?: string; visible_for_annotators?: boolean }) =>
    request<MetadataProperty>('PATCH', `/api/v1/metadata-properties/${id}`, { body: patch }),
  metadataMetrics: (id: string) => request<MetadataMetrics>('GET', `/api/v1/metadata-properties/${id}/metrics`),
}

export const responses = {
  create: (recordId: string, values: ResponseValues | null, status: ResponseStatus) =>
    request<RecordResponse>('POST', `/api/v1/records/${recordId}/responses`, { body: { values, status } }),
  update: (id: string, values: ResponseValues | null, status: ResponseStatus) =>
    request<RecordResponse>('PUT', `/api/v1/responses/${id}`, { body: { values, status } }),
  remove: (id: string) => request<RecordResponse>('DELETE', `/api/v1/responses/${id}`),
  bulk: (items: { record_id: string; values: ResponseValues | null; status: ResponseStatus }[]) =>
    request<Items<BulkResponseItem>>('POST', '/api/v1/me/responses/bulk', { body: { items } }).then((r) => r.items),
}

export const documents = {
  inWorkspace: (workspaceId: string) => request<DocumentItem[]>('GET', `/api/v1/documents/workspace/${workspaceId}`),
  find: (workspaceId: string, by: { id?: string; pmid?: string; reference?: string; doi?: string }) =>
    request<DocumentItem[]>('GET', '/api/v1/documents', { query: { workspace_id: workspaceId, ...by } }),
  workflows: (workspaceName: string) =>
    request<WorkflowStatus[]>('GET', '/api/v1/workflows/', { query: { workspace_name: workspaceName } }),
  /** hasMarkdown reports whether the document's extracted text is stored. */
  hasMarkdown: (workspaceName: string, id: string) =>
    request<ArrayBuffer>('HEAD', `/api/v1/file/${encodeURIComponent(workspaceName)}/markdown/${id}.md`, { raw: true }).then(
      () => true,
      (e) => (e instanceof ApiError && e.status === 404 ? false : Promise.reject(e)),
    ),
  file: (url: string) => request<ArrayBuffer>('GET', url, { raw: true }),
  text: (url: string) => request<ArrayBuffer>('GET', url, { raw: true }).then((b) => new TextDecoder().decode(b)),
}
