import { serve } from './serve.js'

// `npm start`: Plank as shipped, every hook as app.ts sets it.
await serve()
