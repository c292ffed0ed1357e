/** A paged list from the server (`{items,total,page,pageSize}`), as every console list page loads it. */
import { ref } from 'vue';
import { ApiError, api, query, type Page } from './api';

export const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export function usePagedList<T = any>(path: () => string, params: () => Record<string, unknown> = () => ({}), pageSize = 20) {
  const rows = ref<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const loading = ref(false);
  const error = ref('');

  async function load(p = page.value) {
    loading.value = true;
    error.value = '';
    try {
      const r = await api<Page<T> | T[]>(`${path()}${query({ ...params(), page: p, pageSize })}`);
      const items = Array.isArray(r) ? r : r.items;
      rows.value = items as T[];
      total.value = Array.isArray(r) ? r.length : r.total;
      page.value = Array.isArray(r) ? 1 : r.page;
    } catch (e) {
      error.value = errorText(e);
    } finally {
      loading.value = false;
    }
  }
  return { rows, total, page, pageSize, loading, error, load };
}
