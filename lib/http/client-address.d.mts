export declare const CLIENT_ADDRESS_HEADER: string;
export declare function clientAddressOf(
  req: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } },
  trustProxy: boolean,
): string;
