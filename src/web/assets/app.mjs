// Progressive enhancement only: every page works without this.
import { initAll } from '/assets/govuk/govuk-frontend.min.js'

initAll()
