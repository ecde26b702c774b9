export interface BuildSteps {
  nextBuild(root: string): void | Promise<void>;
  bundleIngest(root: string): void | Promise<void>;
}
export declare function bundleIngest(root: string): Promise<void>;
export declare function buildApp(root: string, steps?: BuildSteps): Promise<void>;
