export * from "./checks";
export * from "./load";
export * from "./model";
export * from "./regions";
export * from "./schema";
