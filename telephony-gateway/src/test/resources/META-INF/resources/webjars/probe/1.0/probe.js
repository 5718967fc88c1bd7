// a file served from a webjar's folder, to test the /webjars route
