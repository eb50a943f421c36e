#version 330 core
// Dark blue-violet vertical gradient with a soft vignette.
in vec2 vUv;
out vec4 fragColor;

void main() {
    vec3 top = vec3(0.010, 0.012, 0.035);
    vec3 bottom = vec3(0.035, 0.025, 0.070);
    vec3 rgb = mix(bottom, top, clamp(vUv.y, 0.0, 1.0));
    vec2 c = vUv - 0.5;
    rgb *= 1.0 - 0.9 * dot(c, c);
    fragColor = vec4(rgb, 1.0);
}
