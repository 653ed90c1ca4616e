import { createApp } from 'vue'
import App from './App.vue'
import { setUnauthorizedHandler } from './api'
import { router } from './router'
import { session } from './lib/session'
import './styles.css'

setUnauthorizedHandler(() => {
  session.user = null
  const here = router.currentRoute.value
  if (!here.meta.public) router.push({ name: 'sign-in', query: { next: here.fullPath } })
})

createApp(App).use(router).mount('#app')
