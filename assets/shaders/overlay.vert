#version 330 core
// Overlay quads in the stb_easy_font vertex format (16 bytes): vec3 position (pixels, origin top-left,
// y down; z unused), RGBA8 colour at offset 12.
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec4 aColor;

// xy: (2 / width, -2 / height), zw: (-1, 1)
uniform vec4 uPixelToClip;

out vec4 vColor;

void main() {
    gl_Position = vec4(aPosition.xy * uPixelToClip.xy + uPixelToClip.zw, 0.0, 1.0);
    vColor = aColor;
}
