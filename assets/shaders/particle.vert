#version 330 core
// One vertex per particle (dev.framealloc.demo.sim.ParticleVertices, 16 bytes):
//   offset 0 vec2 position (world units = framebuffer pixels, origin bottom-left, y up)
//   offset 8 float size (diameter, pixels)
//   offset 12 vec4 colour (RGBA8, normalised, alpha not premultiplied)
layout(location = 0) in vec2 aPosition;
layout(location = 1) in float aSize;
layout(location = 2) in vec4 aColor;

// xy: 2 / framebuffer size, zw: -1 (maps pixels to clip space)
uniform vec4 uWorldToClip;
// Sprite size relative to the particle's diameter: the soft halo reaches past the core.
uniform float uSpriteScale;

out vec4 vColor;

void main() {
    gl_Position = vec4(aPosition * uWorldToClip.xy + uWorldToClip.zw, 0.0, 1.0);
    gl_PointSize = max(aSize * uSpriteScale, 1.0);
    vColor = aColor;
}
