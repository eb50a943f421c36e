#version 330 core
// Soft round sprite: a bright core with a smooth halo, blended additively (GL_SRC_ALPHA, GL_ONE).
in vec4 vColor;
out vec4 fragColor;

void main() {
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(d, d);
    if (r2 > 1.0) {
        discard;
    }
    float halo = (1.0 - r2) * (1.0 - r2);
    float core = exp(-r2 * 9.0);
    vec3 rgb = vColor.rgb * (0.55 * halo + 0.9 * core) + vec3(0.35 * core * core);
    fragColor = vec4(rgb, vColor.a);
}
