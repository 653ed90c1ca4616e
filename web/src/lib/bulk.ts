// Bulk mode of the annotation view: which records are selected (on this
// page, or every record the search matches), one answer for all of them,
// and applying it in batches of 100 through the responses bulk API.
import { computed, reactive, ref, type Ref } from 'vue'
import { responses, type Question, type ResponseStatus } from '../api'
import { isAnswered, toResponseValues, validateForm, type Answers, type FormErrors } from './answers'
import type { Window } from './records'

export interface BulkOptions {
  win: Ref<Window>
  questions: Ref<Question[]>
  busy: Ref<boolean>
  // allMatching is owned by the page (its template sets it).
  allMatching: Ref<boolean>
  // matchingIds lists every record the current search matches.
  matchingIds: () => Promise<string[]>
  // afterApply refreshes the page once responses were written.
  afterApply: () => Promise<void>
}

export function useBulk(o: BulkOptions) {
  const selected = reactive(new Set<string>())
  const bulkAnswers = reactive<Answers>({})
  const bulkErrors = ref<FormErrors>({})
  const bulkNote = ref('')
  const pageIds = computed(() => o.win.value.items.map((i) => i.record.id))
  const allOnPage = computed(() => pageIds.value.length > 0 && pageIds.value.every((x) => selected.has(x)))

  function toggleAllOnPage() {
    const on = !allOnPage.value
    for (const x of pageIds.value) on ? selected.add(x) : selected.delete(x)
    if (!on) o.allMatching.value = false
  }

  async function applyBulk(status: ResponseStatus) {
    if (o.busy.value) return
    const qs = o.questions.value.filter((q) => q.settings.type !== 'span')
    const errs = validateForm(qs, bulkAnswers, status)
    bulkErrors.value = errs
    if (Object.keys(errs).length) return
    if (!o.allMatching.value && !selected.size) {
      bulkErrors.value = { _form: 'Select records first.' }
      return
    }
    o.busy.value = true
    bulkNote.value = 'Applying…'
    try {
      const ids = o.allMatching.value ? await o.matchingIds() : [...selected]
      const values = status === 'discarded' && !qs.some((q) => isAnswered(q, bulkAnswers[q.name])) ? null : toResponseValues(qs, bulkAnswers)
      let failed = 0
      for (let i = 0; i < ids.length; i += 100) {
        const res = await responses.bulk(ids.slice(i, i + 100).map((record_id) => ({ record_id, values, status })))
        failed += res.filter((r) => r.error).length
      }
      bulkNote.value = `${status === 'submitted' ? 'Submitted' : status === 'draft' ? 'Saved as draft' : 'Discarded'} ${ids.length - failed} record${ids.length - failed === 1 ? '' : 's'}${failed ? `; ${failed} failed` : ''}.`
      selected.clear()
      o.allMatching.value = false
      await o.afterApply()
    } catch (e) {
      bulkNote.value = ''
      bulkErrors.value = { _form: `Could not apply: ${(e as Error).message}` }
    } finally {
      o.busy.value = false
    }
  }

  return { selected, bulkAnswers, bulkErrors, bulkNote, pageIds, allOnPage, toggleAllOnPage, applyBulk }
}
