import { createRouter, createWebHistory } from 'vue-router'
import { tokens } from './api'
import { loadUser, session } from './lib/session'
import Home from './pages/Home.vue'
import SignIn from './pages/SignIn.vue'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: SignIn, meta: { public: true } },
    { path: '/oauth/:provider/callback', name: 'oauth', component: () => import('./pages/OAuthCallback.vue'), meta: { public: true } },
    { path: '/', name: 'home', component: Home },
    { path: '/dataset/:id/annotation-mode', name: 'annotate', component: () => import('./pages/Annotation.vue') },
    { path: '/dataset/:id/settings', name: 'dataset-settings', component: () => import('./pages/DatasetSettings.vue') },
    { path: '/user-settings', name: 'user-settings', component: () => import('./pages/UserSettings.vue') },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!tokens.access) return { name: 'sign-in', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (!session.user && !(await loadUser())) return { name: 'sign-in', query: { next: to.fullPath } }
  return true
})
