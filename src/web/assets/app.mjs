// Progressive enhancement only: every page works without this.
import { initAll } from '/assets/govuk/govuk-frontend.min.js'
import { initAll as initMojAll } from '/assets/moj/moj-frontend.min.js'

initAll()
initMojAll()
