// Timer script: mounted per element on every document$ event.
