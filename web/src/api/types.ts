// Wire types of the Extralit REST API (/api/v1), as the reference server
// sends them (see shared/reference/extralit-api.md §3–§5).

export type Role = 'owner' | 'admin' | 'annotator'

export interface User {
  id: string
  first_name: string
  last_name: string | null
  username: string
  role: Role
  api_key?: string
  inserted_at: string
  updated_at: string
}

export interface Token {
  access_token: string
  token_type: string
  refresh_token: string | null
}

export interface Workspace {
  id: string
  name: string
  inserted_at: string
  updated_at: string
}

export interface OAuthProvider {
  name: string
  display_name?: string
  enabled?: boolean
  icon?: string
}

export interface ServerSettings {
  extralit?: Record<string, unknown>
  oauth_providers?: OAuthProvider[]
}

export interface Distribution {
  strategy: 'overlap'
  min_submitted: number
}

export interface Dataset {
  id: string
  name: string
  guidelines: string | null
  allow_extra_metadata: boolean
  status: 'draft' | 'ready'
  distribution: Distribution
  metadata: Record<string, unknown> | null
  workspace_id: string
  last_activity_at: string
  inserted_at: string
  updated_at: string
}

export interface DatasetProgress {
  total: number
  completed: number
  pending: number
}

type StatusCounts = { submitted: number; discarded: number; draft: number }

/** UserProgress is one annotator's responses, on completed and on pending records. */
export interface UserProgress {
  username: string
  completed: StatusCounts
  pending: StatusCounts
}

export interface MyMetrics {
  responses: { total: number; submitted: number; discarded: number; draft: number; pending: number }
}

export type FieldSettings =
  | { type: 'text'; use_markdown?: boolean; use_table?: boolean }
  | { type: 'image' }
  | { type: 'chat'; use_markdown?: boolean }
  | { type: 'custom'; template?: string; advanced_mode?: boolean }
  | { type: 'table' }

export interface Field {
  id: string
  name: string
  title: string
  required: boolean
  settings: FieldSettings
  dataset_id: string
}

export interface Option {
  value: string
  text: string
  description?: string | null
}

export type QuestionSettings =
  | { type: 'text'; use_markdown?: boolean; use_table?: boolean }
  | { type: 'rating'; options: { value: number }[] }
  | { type: 'label_selection'; options: Option[]; visible_options?: number | null }
  | { type: 'multi_label_selection'; options: Option[]; visible_options?: number | null; options_order?: 'natural' | 'suggestion' }
  | { type: 'ranking'; options: Option[] }
  | { type: 'span'; field: string; options: Option[]; visible_options?: number | null; allow_overlapping?: boolean }
  | { type: 'table' }

export type QuestionType = QuestionSettings['type']

export interface Question {
  id: string
  name: string
  title: string
  description: string | null
  required: boolean
  settings: QuestionSettings
  dataset_id: string
}

export type MetadataSettings =
  | { type: 'terms'; values: unknown[] | null }
  | { type: 'integer'; min?: number | null; max?: number | null }
  | { type: 'float'; min?: number | null; max?: number | null }

export interface MetadataProperty {
  id: string
  name: string
  title: string
  settings: MetadataSettings
  visible_for_annotators: boolean
  dataset_id: string
}

export type MetadataMetrics =
  | { type: 'terms'; total: number; values: { term: string; count: number }[] }
  | { type: 'integer' | 'float'; min: number | null; max: number | null }

export interface VectorSettings {
  id: string
  name: string
  title: string
  dimensions: number
  dataset_id: string
}

export type ResponseStatus = 'draft' | 'submitted' | 'discarded'

export type RankingValue = { value: string; rank: number }[]
export type SpanValue = { label: string; start: number; end: number }[]
export type AnswerValue = string | number | string[] | RankingValue | SpanValue | Record<string, unknown> | unknown[]

export type ResponseValues = Record<string, { value: AnswerValue }>

export interface RecordResponse {
  id: string
  values: ResponseValues | null
  status: ResponseStatus
  record_id: string
  user_id: string
  inserted_at: string
  updated_at: string
}

export interface Suggestion {
  id: string
  question_id: string
  type: 'model' | 'human' | 'selection' | null
  value: AnswerValue
  agent: string | null
  score: number | number[] | null
}

export type ChatMessage = { role: string; content: string }
export type FieldValue = string | ChatMessage[] | Record<string, unknown> | null

export interface DatasetRecord {
  id: string
  status: 'pending' | 'completed'
  fields: Record<string, FieldValue>
  metadata: Record<string, unknown> | null
  external_id: string | null
  reference?: string | null
  responses?: RecordResponse[]
  suggestions?: Suggestion[]
  vectors?: Record<string, number[]>
  dataset_id: string
  inserted_at: string
  updated_at: string
}

export interface SearchItem {
  record: DatasetRecord
  query_score: number | null
}

export interface SearchResult {
  items: SearchItem[]
  total: number
}

export type Scope =
  | { entity: 'record'; property: 'id' | 'external_id' | 'inserted_at' | 'updated_at' | 'status' }
  | { entity: 'metadata'; metadata_property: string }
  | { entity: 'suggestion'; question: string; property?: 'value' | 'score' | 'agent' | 'type' }
  | { entity: 'response'; question?: string | null; property?: 'status' | null }

export type Filter =
  | { type: 'terms'; scope: Scope; values: string[] }
  | { type: 'range'; scope: Scope; ge?: number | string; le?: number | string }

export interface SearchQuery {
  query?: {
    text?: { q: string; field?: string | null } | null
    vector?: { name: string; record_id?: string | null; value?: number[] | null; order?: 'most_similar' | 'least_similar' } | null
  } | null
  filters?: { and: Filter[] } | null
  sort?: { scope: Scope; order: 'asc' | 'desc' }[] | null
}

export interface BulkResponseItem {
  item: RecordResponse | null
  error: { detail: string } | null
}

export interface DocumentItem {
  id: string
  workspace_id: string
  url: string | null
  file_name: string | null
  reference: string | null
  pmid: string | null
  doi: string | null
  metadata: Record<string, unknown> | null
  thumbnail_url?: string | null
  inserted_at: string
  updated_at: string
}

export interface WorkflowStatus {
  workflow_id: string
  document_id: string
  status: 'pending' | 'running' | 'completed' | 'failed' | 'error' | 'not_found'
  progress: number
  error?: string | null
}
