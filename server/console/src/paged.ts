/** A paged list from the server (`{items,total,page,pageSize}`), as every console list page loads it. */
import { ref } from 'vue';
import { ApiError, api, query, type Page } from './api';

export const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export const PAGE_SIZES = [10, 20, 50, 100];

/**
 * `error` stays until the person closes it or another error replaces it: reloading the list after a refused action
 * (a 409 from deleting a published article) must not wipe the reason away. Only a load error is cleared by a load.
 */
export function usePagedList<T = Record<string, unknown>>(path: () => string, params: () => Record<string, unknown> = () => ({}), initialPageSize = 20) {
  const rows = ref<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(initialPageSize);
  const loading = ref(false);
  const error = ref('');
  /** The whole last answer, for what a list sends beside its items (the queue's overdue limit). */
  const last = ref<Record<string, unknown>>({});
  let loadError = '';

  async function load(p = page.value) {
    loading.value = true;
    try {
      const r = await api<Page<T> | T[]>(`${path()}${query({ ...params(), page: p, pageSize: pageSize.value })}`);
      const items = Array.isArray(r) ? r : r.items;
      rows.value = items as T[];
      total.value = Array.isArray(r) ? r.length : r.total;
      page.value = Array.isArray(r) ? 1 : r.page;
      last.value = Array.isArray(r) ? {} : (r as unknown as Record<string, unknown>);
      if (loadError && error.value === loadError) error.value = '';
      loadError = '';
    } catch (e) {
      error.value = loadError = errorText(e);
    } finally {
      loading.value = false;
    }
  }
  /** The pager's change: a new page size starts again at page 1. */
  function change(p: { current: number; pageSize: number }) {
    const resized = p.pageSize !== pageSize.value;
    pageSize.value = p.pageSize;
    return load(resized ? 1 : p.current);
  }
  return { rows, total, page, pageSize, loading, error, last, load, change };
}
