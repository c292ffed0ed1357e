import { createRouter, createWebHistory } from 'vue-router';
import { loadSession, session } from './api';
import Login from './pages/Login.vue';
import Layout from './pages/Layout.vue';

/** Route name = menu key; a page is reachable when the person's menu has its key. */
export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: Login, meta: { public: true } },
    {
      path: '/',
      component: Layout,
      children: [
        { path: '', name: 'home', component: () => import('./pages/Home.vue') },
        { path: 'review', name: 'review', component: () => import('./pages/ReviewQueue.vue') },
        { path: 'review/:serialNo', name: 'application', component: () => import('./pages/ApplicationPage.vue'), meta: { menu: 'review' } },
        { path: 'content/:resource?', name: 'content', component: () => import('./pages/ContentPage.vue') },
        { path: 'complaints', name: 'complaints', component: () => import('./pages/ComplaintsPage.vue') },
        { path: 'community', name: 'community', component: () => import('./pages/CommunityPage.vue') },
        { path: 'broadcasts', name: 'broadcasts', component: () => import('./pages/BroadcastsPage.vue') },
        { path: 'audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
        { path: 'stats', name: 'stats', component: () => import('./pages/StatsPage.vue') },
        { path: 'users', name: 'staff-users', component: () => import('./pages/UsersPage.vue') },
        { path: 'forbidden', name: 'forbidden', component: () => import('./pages/Forbidden.vue') },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.staff) {
    try {
      await loadSession();
    } catch {
      return { name: 'login', query: { next: to.fullPath } };
    }
  }
  const key = (to.meta.menu as string | undefined) ?? (to.name as string);
  if (key === 'home' || key === 'forbidden') return true;
  // 无权限 says so (and what was asked for) instead of silently showing 首页.
  return session.menu.some((m) => m.key === key) ? true : { name: 'forbidden', query: { from: to.fullPath } };
});
