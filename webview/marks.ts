// First in the bundle: when the app's script started (the bench reads the marks of a first paint).
performance.mark('storyboard:script');
