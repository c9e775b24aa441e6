import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".run/**", "node_modules/**", "drizzle/**", "next-env.d.ts", "e2e/artifacts/**", "test-results/**", "scratch/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    files: ["src/cli/**", "bench/**", "e2e/**", "scripts/**"],
    rules: { "no-console": "off" },
  },
];

export default config;
