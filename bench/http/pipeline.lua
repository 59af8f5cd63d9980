-- wrk script: HTTP/1.1 pipelining. Each connection sends DEPTH requests back to back, then reads the DEPTH answers
-- (the shape of the TechEmpower plaintext test). Usage: wrk -s bench/http/pipeline.lua URL -- DEPTH
-- wrk counts answers, so requests/s stays answers per second.
local batch

function init(args)
   local depth = tonumber(args[1]) or 1
   local one = wrk.format()
   batch = string.rep(one, depth)
end

function request()
   return batch
end
