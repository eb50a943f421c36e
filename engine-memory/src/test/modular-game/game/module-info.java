// A game on the module path, compiled and run by dev.framealloc.memory.guide.NativeAccessWarningTest.
// tag::modular-game-module[]
module game {
    requires dev.framealloc.memory;
}
// end::modular-game-module[]
